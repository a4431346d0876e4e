#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace lotok::util {

// A fixed set of threads that run queued tasks: each bus's consumer lanes. Threads are made
// once, not per task; the destructor runs what is queued, then joins them.
class TaskPool {
public:
    explicit TaskPool(std::size_t threads);
    ~TaskPool();
    TaskPool(const TaskPool&) = delete;
    TaskPool& operator=(const TaskPool&) = delete;

    // Queues one task and returns at once. The task must not throw.
    void post(std::function<void()> task);

private:
    std::mutex m_mutex;
    std::condition_variable m_work;
    std::deque<std::function<void()>> m_queue;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace lotok::util
