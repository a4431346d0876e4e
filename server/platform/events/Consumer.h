#pragma once

#include "db/Pool.h"
#include "events/EventBus.h"
#include "events/Inbox.h"
#include "log/Log.h"

#include <string>
#include <type_traits>
#include <utility>

namespace lotok::events {

// The one way a service handles an event of the contract (lotok/IntegrationEvents.h):
// decode it into its struct (a payload that does not fit throws MalformedEvent, so the bus
// retries and then dead-letters it), open a transaction, claim the event in the inbox (a
// repeat ends there), run the handler, mark the delivery done (settleWithin), commit. A handler
// that throws rolls all of it back and the bus delivers the event again later. While it runs (the
// bus sets EventLogScope), the events the handler writes and the services it calls carry the
// request id and trace of the event's cause, and each line logged carries the event id and order
// id; a handled event is logged at info, a repeat the inbox dropped at debug.
class Consumer {
public:
    Consumer(EventBus& bus, db::Pool& pool, std::string schema)
        : m_bus(bus), m_pool(pool), m_schema(schema), m_inbox(std::move(schema)) {}

    // handler(tx, event) or handler(tx, event, headers); one replica handles each event.
    template <typename T, typename Handler> void handle(std::string consumer, Handler handler) {
        const auto name = consumer;
        subscribe<T>(std::move(consumer), [this, name, handler = std::move(handler)](
                                              const T& event, const Event& headers) {
            bool claimed = false;
            m_pool.transact([&](db::Transaction& tx) {
                lazyCommit(tx);
                claimed = m_inbox.claim(tx, name, headers.id);
                if (claimed) {
                    call(handler, tx, event, headers);
                }
                m_bus.settleWithin(m_pool, tx);
            });
            logOutcome(name, headers, claimed);
        });
    }

    // prepare(event) runs first, outside the transaction (asking another service, so no
    // database connection waits on it); handler(tx, event, headers, prepared) then runs in
    // it. An event already in the inbox skips both.
    template <typename T, typename Prepare, typename Handler>
    void handle(std::string consumer, Prepare prepare, Handler handler) {
        const auto name = consumer;
        subscribe<T>(std::move(consumer),
                     [this, name, prepare = std::move(prepare),
                      handler = std::move(handler)](const T& event, const Event& headers) {
                         if (m_inbox.handled(m_pool, name, headers.id)) {
                             logOutcome(name, headers, false);
                             return;
                         }
                         auto prepared = prepare(event);
                         bool claimed = false;
                         m_pool.transact([&](db::Transaction& tx) {
                             lazyCommit(tx);
                             claimed = m_inbox.claim(tx, name, headers.id);
                             if (claimed) {
                                 handler(tx, event, headers, prepared);
                             }
                             m_bus.settleWithin(m_pool, tx);
                         });
                         logOutcome(name, headers, claimed);
                     });
    }

    // handler(event): work that stores nothing, such as pushes to this process's sockets.
    // Every replica gets every event; no transaction, no inbox.
    template <typename T, typename Handler> void observe(std::string consumer, Handler handler) {
        m_bus.subscribe(
            std::move(consumer), {std::string(T::kType)},
            [handler = std::move(handler)](const Event& headers) {
                const auto event = T::fromJson(headers.payload);
                handler(event);
            },
            Delivery::EachReplica);
    }

private:
    static void logOutcome(const std::string& consumer, const Event& headers, bool handled) {
        if (handled) {
            log::info("{} handled {}", consumer, headers.type);
        } else {
            log::debug("{}: {} already handled, dropped", consumer, headers.type);
        }
    }

    // A handler's commit need not wait for the disk when the bus keeps the delivery in this
    // database until it is done, or acks only once the commit is flushed
    // (EventBus::lazyCommitsAllowed): each event would otherwise cost every consumer a WAL
    // flush while it holds a connection (docs/performance.md).
    void lazyCommit(db::Transaction& tx) {
        if (m_bus.lazyCommitsAllowed()) {
            tx.execAtCommit("SET LOCAL synchronous_commit = off"); // with COMMIT: no round trip
        }
    }

    template <typename T, typename Work> void subscribe(std::string consumer, Work work) {
        m_bus.subscribe(
            std::move(consumer), {std::string(T::kType)},
            [work = std::move(work)](const Event& headers) {
                const auto event = T::fromJson(headers.payload);
                work(event, headers);
            },
            Delivery::Shared, ConsumerStore{&m_pool, m_schema});
    }

    template <typename Handler, typename T>
    static void call(Handler& handler, db::Transaction& tx, const T& event, const Event& headers) {
        if constexpr (std::is_invocable_v<Handler&, db::Transaction&, const T&, const Event&>) {
            handler(tx, event, headers);
        } else {
            handler(tx, event);
        }
    }

    EventBus& m_bus;
    db::Pool& m_pool;
    std::string m_schema;
    Inbox m_inbox;
};

} // namespace lotok::events
