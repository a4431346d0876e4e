#include "util/TaskPool.h"

#include <algorithm>
#include <atomic>
#include <memory>

namespace lotok::util {

struct TaskPool::Batch {
    std::size_t left = 0;
};

TaskPool::TaskPool(std::size_t threads) {
    for (std::size_t i = 0; i < std::max<std::size_t>(1, threads); ++i) {
        m_threads.emplace_back([this] {
            std::unique_lock lock(m_mutex);
            while (true) {
                m_work.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
                if (m_stopping && m_queue.empty()) {
                    return;
                }
                runOne(lock);
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

bool TaskPool::runOne(std::unique_lock<std::mutex>& lock) {
    if (m_queue.empty()) {
        return false;
    }
    auto item = std::move(m_queue.front());
    m_queue.pop_front();
    lock.unlock();
    item.task();
    lock.lock();
    if (item.batch != nullptr && --item.batch->left == 0) {
        m_done.notify_all();
    }
    return true;
}

void TaskPool::runAll(std::vector<std::function<void()>> tasks) {
    if (tasks.empty()) {
        return;
    }
    Batch batch;
    batch.left = tasks.size();
    std::unique_lock lock(m_mutex);
    for (auto& task : tasks) {
        m_queue.push_back(Item{std::move(task), &batch});
    }
    m_work.notify_all();
    while (batch.left > 0) {
        if (!runOne(lock)) {
            m_done.wait(lock, [&] { return batch.left == 0 || !m_queue.empty(); });
        }
    }
}

void TaskPool::post(std::function<void()> task) {
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(Item{std::move(task), nullptr});
    }
    m_work.notify_one();
}

namespace {
std::atomic<std::size_t> g_sharedThreads{4};
}

void TaskPool::configureShared(std::size_t threads) {
    g_sharedThreads = std::max<std::size_t>(1, threads);
}

TaskPool& TaskPool::shared() {
    static TaskPool pool(g_sharedThreads.load());
    return pool;
}

} // namespace lotok::util
