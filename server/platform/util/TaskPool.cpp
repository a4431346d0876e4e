#include "util/TaskPool.h"

#include <algorithm>

namespace lotok::util {

TaskPool::TaskPool(std::size_t threads) {
    for (std::size_t i = 0; i < std::max<std::size_t>(1, threads); ++i) {
        m_threads.emplace_back([this] {
            std::unique_lock lock(m_mutex);
            while (true) {
                m_work.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
                if (m_queue.empty()) {
                    return; // stopping, and nothing left
                }
                auto task = std::move(m_queue.front());
                m_queue.pop_front();
                lock.unlock();
                task();
                lock.lock();
            }
        });
    }
}

TaskPool::~TaskPool() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_work.notify_all();
    for (auto& thread : m_threads) {
        thread.join();
    }
}

void TaskPool::post(std::function<void()> task) {
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(task));
    }
    m_work.notify_one();
}

} // namespace lotok::util
