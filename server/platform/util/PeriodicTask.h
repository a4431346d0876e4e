#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace lotok::util {

// Background work that runs now and then every `interval` until stopped: sweepers and
// recovery loops. A failure is logged and the next round comes as usual.
class PeriodicTask {
public:
    PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> work)
        : m_name(std::move(name)), m_interval(interval), m_work(std::move(work)) {}
    ~PeriodicTask() { stop(); }
    PeriodicTask(const PeriodicTask&) = delete;
    PeriodicTask& operator=(const PeriodicTask&) = delete;

    void start();
    void stop();

private:
    std::string m_name;
    std::chrono::milliseconds m_interval;
    std::function<void()> m_work;
    std::mutex m_mutex;
    std::condition_variable m_wakeup;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace lotok::util
