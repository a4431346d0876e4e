#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace lotok::util {

// A fixed set of threads that run batches of tasks side by side: the outbox relay's lanes
// and the in-process bus's consumers. Threads are made once, not per batch. The caller of
// runAll() works on the queue too while it waits, so a task may itself run a batch (the
// relay's lane publishes to the bus, which runs its consumers) without ever deadlocking on
// a full pool.
class TaskPool {
public:
    explicit TaskPool(std::size_t threads);
    ~TaskPool();
    TaskPool(const TaskPool&) = delete;
    TaskPool& operator=(const TaskPool&) = delete;

    // Runs every task and returns when all are done. Tasks must not throw.
    void runAll(std::vector<std::function<void()>> tasks);
    // Queues one task and returns at once (the in-process bus's consumer lanes). The task
    // must not throw.
    void post(std::function<void()> task);

    // The process's pool for event work; sized by configureShared() before first use
    // (lotokd serve: [events] threads), else 4 threads.
    static TaskPool& shared();
    static void configureShared(std::size_t threads);

private:
    struct Batch;
    struct Item {
        std::function<void()> task;
        Batch* batch;
    };
    bool runOne(std::unique_lock<std::mutex>& lock);

    std::mutex m_mutex;
    std::condition_variable m_work;
    std::condition_variable m_done;
    std::deque<Item> m_queue;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace lotok::util
