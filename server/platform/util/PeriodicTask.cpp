#include "util/PeriodicTask.h"

#include "log/Log.h"

namespace lotok::util {

void PeriodicTask::start() {
    if (m_thread.joinable()) {
        return;
    }
    m_stopping = false;
    m_thread = std::thread([this] {
        std::unique_lock lock(m_mutex);
        while (!m_stopping) {
            lock.unlock();
            try {
                m_work();
            } catch (const std::exception& error) {
                log::warn("{} failed: {}", m_name, error.what());
            } catch (...) {
                log::warn("{} failed: unknown exception", m_name);
            }
            lock.lock();
            m_wakeup.wait_for(lock, m_interval, [this] { return m_stopping; });
        }
    });
}

void PeriodicTask::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wakeup.notify_all();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

} // namespace lotok::util
