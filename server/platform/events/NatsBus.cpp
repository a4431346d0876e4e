#include "events/NatsBus.h"

#include "config/Config.h"
#include "db/Pool.h"
#include "events/EventLogScope.h"
#include "events/EventMetrics.h"
#include "log/Log.h"
#include "util/TaskPool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <iterator>
#include <map>
#include <nats/nats.h>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <unordered_map>

namespace lotok::events {
namespace {

constexpr const char* kDeadStream = "LOTOK_DEAD";
constexpr const char* kEventIdHeader = "Lotok-Event-Id";
// How long a publish waits for JetStream's acknowledgement before it counts as refused.
constexpr std::int64_t kPublishWaitMillis = 5000;
constexpr const char* kEventTypeHeader = "Lotok-Event-Type";
constexpr const char* kVersionHeader = "Lotok-Event-Version";
constexpr const char* kKeyHeader = "Lotok-Ordering-Key";
constexpr const char* kOccurredHeader = "Lotok-Occurred-At";
constexpr const char* kRequestHeader = "Lotok-Request-Id";
// The W3C name, so a tracing tool that reads the broker knows it.
constexpr const char* kTraceHeader = "traceparent";
constexpr const char* kConsumerHeader = "Lotok-Consumer";
constexpr const char* kErrorHeader = "Lotok-Error";
// JetStream drops a repeated Nats-Msg-Id within this window. The outbox re-publishes what it
// could not mark within seconds; beyond the window the consumers' inboxes drop repeats.
constexpr auto kDuplicateWindow = std::chrono::minutes(10);

std::int64_t nanos(std::chrono::nanoseconds duration) {
    return static_cast<std::int64_t>(duration.count());
}

std::string describe(natsStatus status, jsErrCode code = static_cast<jsErrCode>(0)) {
    std::string text = natsStatus_GetText(status);
    if (code != 0) {
        text += " (JetStream error " + std::to_string(static_cast<int>(code)) + ")";
    }
    const char* last = nats_GetLastError(nullptr);
    if (last && *last) {
        text += ": ";
        text += last;
    }
    return text;
}

// JetStream names may not hold '.', '*', '>' or whitespace.
std::string nameSafe(std::string text) {
    for (auto& c : text) {
        if (c == '.' || c == '*' || c == '>' || c == ' ' || c == '\t') {
            c = '_';
        }
    }
    return text;
}

std::string serviceOf(const std::string& type) {
    const auto dot = type.find('.');
    if (dot == std::string::npos || dot == 0) {
        throw std::invalid_argument("an event type is service.event, got '" + type + "'");
    }
    return type.substr(0, dot);
}

std::string header(natsMsg* msg, const char* name) {
    const char* value = nullptr;
    if (natsMsgHeader_Get(msg, name, &value) == NATS_OK && value) {
        return value;
    }
    return {};
}

// The event a message carries; throws when it carries none.
Event eventOf(natsMsg* msg) {
    Event event;
    event.id = header(msg, kEventIdHeader);
    event.type = header(msg, kEventTypeHeader);
    event.key = header(msg, kKeyHeader);
    event.occurredAt = header(msg, kOccurredHeader);
    event.requestId = header(msg, kRequestHeader);
    event.traceparent = header(msg, kTraceHeader);
    const auto version = header(msg, kVersionHeader);
    event.version = version.empty() ? 1 : std::atoi(version.c_str());
    const auto* data = natsMsg_GetData(msg);
    const auto length = static_cast<std::size_t>(natsMsg_GetDataLength(msg));
    event.payload =
        nlohmann::json::parse(std::string_view(data ? data : "", length), nullptr, false);
    if (event.id.empty() || event.type.empty() || !event.payload.is_object()) {
        throw std::runtime_error("not a Lotok event");
    }
    return event;
}

} // namespace

struct NatsBus::Connection {
    natsOptions* options = nullptr;
    natsConnection* connection = nullptr;
    jsCtx* js = nullptr;

    ~Connection() {
        if (js) {
            jsCtx_Destroy(js);
        }
        if (connection) {
            natsConnection_Close(connection);
            natsConnection_Destroy(connection);
        }
        if (options) {
            natsOptions_Destroy(options);
        }
    }
};

// The handlers of one consumer for the events of one stream, behind one JetStream consumer:
// a consumer sees a stream's events in the order they were stored, whichever types it takes
// (a user's confirmed and rejected orders, say), so what it does keeps their order.
struct NatsBus::Subscription {
    NatsBus* bus = nullptr;
    std::string consumer;
    std::string stream;
    std::string service;                          // whose events the stream holds
    std::map<std::string, EventHandler> handlers; // by event type
    Delivery delivery = Delivery::Shared;
    std::vector<std::pair<std::string, natsSubscription*>> subscriptions; // by filter subject
    std::vector<std::string> pending; // filter subjects not subscribed yet (broker away)

    std::string filter() const {
        return handlers.size() == 1 ? subjectOf(handlers.begin()->first)
                                    : "lotok." + service + ".>";
    }
};

// Acks for handlers that committed with synchronous_commit off, sent once PostgreSQL's WAL
// is flushed past their commits. A commit waiting for its own flush held its connection
// for the flush, three times per order, and on JetStream that was what capped the order rate
// once the events went first for connections. One thread asks each database where its WAL is:
// the insert position read after the commits returned is past their commit records, and
// once the flushed position reaches it every one of them is on disk. Under load the order
// path's commits flush the WAL within milliseconds; idle, the WAL writer does within
// 3 x wal_writer_delay (0.6 s by default), well inside the ack wait. A message whose flush
// cannot be confirmed (the database away) is not acked: the broker redelivers it and the
// inbox drops it if its commit did survive.
struct NatsBus::DurableAcks {
    explicit DurableAcks(NatsBus& bus) : bus(bus), thread([this] { run(); }) {}
    ~DurableAcks() {
        {
            std::lock_guard lock(mutex);
            stopping = true;
        }
        wakeup.notify_all();
        thread.join();
    }

    void add(db::Pool& pool, natsMsg* msg) {
        {
            std::lock_guard lock(mutex);
            waiting[&pool].push_back(msg);
        }
        wakeup.notify_one();
    }

    // Messages whose commits are behind the WAL insert position `target`, read after they
    // returned: acked once the flushed position reaches it.
    struct Stage {
        std::uint64_t target = 0;
        std::vector<natsMsg*> messages;
        std::chrono::steady_clock::time_point since = std::chrono::steady_clock::now();
    };

    void run() {
        std::map<db::Pool*, std::deque<Stage>> staged;
        while (true) {
            std::map<db::Pool*, std::vector<natsMsg*>> fresh;
            {
                std::unique_lock lock(mutex);
                wakeup.wait(lock, [&] { return stopping || !waiting.empty() || !staged.empty(); });
                if (stopping && waiting.empty() && staged.empty()) {
                    return;
                }
                fresh.swap(waiting);
            }
            for (auto& [pool, messages] : fresh) {
                staged[pool].push_back(Stage{0, std::move(messages)});
            }
            std::size_t unacked = 0;
            for (auto it = staged.begin(); it != staged.end();) {
                advance(*it->first, it->second);
                for (const auto& stage : it->second) {
                    unacked += stage.messages.size();
                }
                it = it->second.empty() ? staged.erase(it) : std::next(it);
            }
            // One question per database every few milliseconds, however many messages: under
            // load a round without the pause asked a thousand times a second. With few
            // waiting it asks less often: a database with only lazy commits flushes them every
            // wal_writer_delay (0.2 s), and at half load asking every 5 ms was a fifth of the
            // statements Notification's database ran. A burst keeps the short pause, so the
            // broker's window of unacked messages stays small.
            std::this_thread::sleep_for(std::chrono::milliseconds(unacked >= 256 ? 5 : 20));
        }
    }

    // Asks `pool` where its WAL is: the new stages get their target, the stages the flush has
    // passed are acked. A database that cannot answer (or a bus closing) drops its stages
    // unacked.
    void advance(db::Pool& pool, std::deque<Stage>& stages) {
        std::uint64_t inserted = 0;
        std::uint64_t flushed = 0;
        if (!bus.m_closing.load()) {
            try {
                const db::Pool::EventWork eventWork;
                const auto row = pool.exec("SELECT pg_current_wal_insert_lsn()::text, "
                                           "pg_current_wal_flush_lsn()::text");
                inserted = lsn(row.text(0, 0));
                flushed = lsn(row.text(0, 1));
            } catch (const std::exception& error) {
                log::warn("events: cannot tell whether handled events are on disk, not acking "
                          "them (the broker delivers them again): {}",
                          error.what());
            }
        }
        const bool known = inserted != 0;
        for (auto& stage : stages) {
            if (stage.target == 0) {
                stage.target = inserted;
            }
        }
        while (!stages.empty() && (!known || stages.front().target <= flushed)) {
            eventMetrics::stageTook("consumer_to_disk",
                                    std::chrono::steady_clock::now() - stages.front().since);
            for (auto* msg : stages.front().messages) {
                if (known && !bus.m_closing.load()) {
                    natsMsg_Ack(msg, nullptr);
                }
                natsMsg_Destroy(msg);
                bus.m_inHandler.fetch_sub(1);
            }
            stages.pop_front();
        }
    }

    // "16/B374D848" as a number.
    static std::uint64_t lsn(std::string_view text) {
        const auto slash = text.find('/');
        if (slash == std::string_view::npos) {
            return 0;
        }
        const auto hex = [](std::string_view part) {
            return std::stoull(std::string(part), nullptr, 16);
        };
        return (hex(text.substr(0, slash)) << 32) | hex(text.substr(slash + 1));
    }

    NatsBus& bus;
    std::mutex mutex;
    std::condition_variable wakeup;
    std::map<db::Pool*, std::vector<natsMsg*>> waiting;
    bool stopping = false;
    std::thread thread;
};

namespace {

// The pool a lane's handler committed on without waiting for the disk (settleWithin).
thread_local db::Pool* t_lazyPool = nullptr;

void deliver(natsConnection*, natsSubscription*, natsMsg* msg, void* closure);

// Redelivery after the n-th failed attempt, in milliseconds (natsMsg_NakWithDelay's unit):
// 0.25 s, 0.5 s, 1 s ... at most 30 s.
std::int64_t backoffMillis(std::uint64_t delivered) {
    const auto exponent = std::min<std::uint64_t>(delivered > 0 ? delivered - 1 : 0, 7);
    return std::min<std::int64_t>(30'000, 250LL << exponent);
}

} // namespace

NatsBus::NatsBus(Options options) : m_options(std::move(options)) {
    const auto urls = config::parseList(m_options.urls);
    if (urls.empty()) {
        throw std::invalid_argument("NatsBus needs at least one nats:// URL");
    }
    // Messages arrive on one fixed pool for all subscriptions (not a thread each), which only
    // hands them to their lanes; the handlers run on the lanes' pool.
    nats_SetMessageDeliveryPoolSize(2);
    m_handlers =
        std::make_unique<util::TaskPool>(static_cast<std::size_t>(std::max(1, m_options.threads)));
    m_durableAcks = std::make_unique<DurableAcks>(*this);
    m_connection = std::make_unique<Connection>();
    auto& c = *m_connection;
    std::vector<const char*> servers;
    for (const auto& url : urls) {
        servers.push_back(url.c_str());
    }
    natsStatus status = natsOptions_Create(&c.options);
    if (status == NATS_OK) {
        status =
            natsOptions_SetServers(c.options, servers.data(), static_cast<int>(servers.size()));
    }
    if (status == NATS_OK) {
        status = natsOptions_UseGlobalMessageDelivery(c.options, true);
    }
    if (status == NATS_OK) {
        // A broker that is down (or not up yet) is waited for, for ever: the outboxes hold
        // the events meanwhile, and orders go on.
        status = natsOptions_SetMaxReconnect(c.options, -1);
    }
    if (status == NATS_OK) {
        status = natsOptions_SetReconnectWait(c.options, 500);
    }
    if (status == NATS_OK) {
        status = natsOptions_SetRetryOnFailedConnect(c.options, true, nullptr, nullptr);
    }
    if (status == NATS_OK) {
        status = natsConnection_Connect(&c.connection, c.options);
        if (status == NATS_NOT_YET_CONNECTED) {
            log::warn("events: NATS at {} is not reachable yet; retrying in the background",
                      log::withoutPassword(m_options.urls));
            status = NATS_OK;
        }
    }
    if (status == NATS_OK) {
        jsOptions jsOpts;
        jsOptions_Init(&jsOpts);
        jsOpts.Wait = kPublishWaitMillis;
        status = natsConnection_JetStream(&c.js, c.connection, &jsOpts);
    }
    if (status != NATS_OK) {
        throw std::runtime_error("events: cannot use NATS at " +
                                 log::withoutPassword(m_options.urls) + ": " + describe(status));
    }
}

NatsBus::~NatsBus() {
    stop();
    {
        std::lock_guard lock(m_publishersMutex);
        m_publishers.clear(); // their contexts before the connection they use
    }
    m_connection.reset();
    // A delivery thread that was about to call in when the subscriptions closed, and the
    // lanes with what it handed them.
    while (m_inHandler.load() > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    m_handlers.reset();
    m_durableAcks.reset();
}

void NatsBus::settleWithin(db::Pool& pool, db::Transaction& /*tx*/) {
    t_lazyPool = &pool;
}

std::string NatsBus::subjectOf(const std::string& type) {
    return "lotok." + serviceOf(type) + "." + type.substr(type.find('.') + 1);
}

std::string NatsBus::streamOf(const std::string& type) {
    auto service = serviceOf(type);
    std::transform(service.begin(), service.end(), service.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return "LOTOK_" + nameSafe(service);
}

void NatsBus::ensureStream(const std::string& stream, const std::string& subjects) {
    {
        std::lock_guard lock(m_mutex);
        if (m_streams.count(stream)) {
            return;
        }
    }
    jsStreamInfo* info = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus status = js_GetStreamInfo(&info, m_connection->js, stream.c_str(), nullptr, &code);
    if (status == NATS_NOT_FOUND) {
        jsStreamConfig config;
        jsStreamConfig_Init(&config);
        const char* subjectList[] = {subjects.c_str()};
        config.Name = stream.c_str();
        config.Subjects = subjectList;
        config.SubjectsLen = 1;
        config.Storage = js_FileStorage;
        config.Retention = js_LimitsPolicy;
        config.Replicas = m_options.replicas;
        config.MaxAge = nanos(m_options.maxAge);
        config.Duplicates = nanos(kDuplicateWindow);
        status = js_AddStream(&info, m_connection->js, &config, nullptr, &code);
        if (status != NATS_OK) {
            const auto why = describe(status, code);
            // Another process may have made it a moment ago.
            status = js_GetStreamInfo(&info, m_connection->js, stream.c_str(), nullptr, &code);
            if (status != NATS_OK) {
                throw std::runtime_error("events: cannot create stream " + stream + ": " + why);
            }
        } else {
            log::info("events: created stream {} ({})", stream, subjects);
        }
    }
    if (info) {
        jsStreamInfo_Destroy(info);
    }
    if (status != NATS_OK) {
        throw std::runtime_error("events: stream " + stream +
                                 " unavailable: " + describe(status, code));
    }
    std::lock_guard lock(m_mutex);
    m_streams.insert(stream);
}

namespace {

// A message for `event` on `subject`, its headers set; throws when it cannot be made.
natsMsg* messageOf(const std::string& subject, const Event& event,
                   const std::vector<std::pair<std::string, std::string>>& headers) {
    const auto data = event.payload.dump();
    natsMsg* msg = nullptr;
    natsStatus status =
        natsMsg_Create(&msg, subject.c_str(), nullptr, data.data(), static_cast<int>(data.size()));
    if (status == NATS_OK) {
        status = natsMsgHeader_Set(msg, kEventIdHeader, event.id.c_str());
    }
    const auto version = std::to_string(event.version);
    for (const auto& [name, value] :
         {std::pair{kEventTypeHeader, event.type.c_str()},
          std::pair{kVersionHeader, version.c_str()}, std::pair{kKeyHeader, event.key.c_str()},
          std::pair{kOccurredHeader, event.occurredAt.c_str()},
          std::pair{kRequestHeader, event.requestId.c_str()},
          std::pair{kTraceHeader, event.traceparent.c_str()}}) {
        if (status == NATS_OK && *value) {
            status = natsMsgHeader_Set(msg, name, value);
        }
    }
    for (const auto& [name, value] : headers) {
        if (status == NATS_OK) {
            status = natsMsgHeader_Set(msg, name.c_str(), value.c_str());
        }
    }
    if (status != NATS_OK) {
        natsMsg_Destroy(msg);
        throw std::runtime_error("events: " + subject + " not stored: " + describe(status));
    }
    return msg;
}

} // namespace

void NatsBus::publishTo(const std::string& subject, const Event& event,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        const std::string& msgId) {
    natsMsg* msg = messageOf(subject, event, headers);
    jsPubAck* ack = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    jsPubOptions options;
    jsPubOptions_Init(&options);
    options.MsgId = msgId.c_str();
    options.MaxWait = kPublishWaitMillis;
    const natsStatus status = js_PublishMsg(&ack, m_connection->js, msg, &options, &code);
    if (ack) {
        jsPubAck_Destroy(ack);
    }
    natsMsg_Destroy(msg);
    if (status != NATS_OK) {
        throw std::runtime_error("events: " + subject + " not stored: " + describe(status, code));
    }
}

// A JetStream context of one publishing thread (a relay's) for its asynchronous publishes:
// nats.c waits for all of a context's outstanding publishes at once, so each thread has its
// own and waits for its own wave only. Its answers come on the context's reply
// subscription's thread.
struct NatsBus::AsyncPublisher {
    jsCtx* js = nullptr;
    std::mutex mutex;
    std::unordered_map<std::string, std::size_t> indexOf; // this wave's, by event id
    std::vector<Published>* results = nullptr;

    ~AsyncPublisher() {
        if (js) {
            jsCtx_Destroy(js);
        }
    }

    static void answered(jsCtx*, natsMsg* msg, jsPubAck* ack, jsPubAckErr* error, void* closure) {
        auto& self = *static_cast<AsyncPublisher*>(closure);
        {
            std::lock_guard lock(self.mutex);
            const auto found = self.indexOf.find(header(msg, kEventIdHeader));
            if (found != self.indexOf.end() && self.results) {
                auto& result = (*self.results)[found->second];
                result.stored = ack != nullptr && error == nullptr;
                if (!result.stored) {
                    std::string why = error ? describe(error->Err, error->ErrCode) : "no answer";
                    // The broker's own words, when they say more than the status does.
                    if (error && error->ErrText && why.find(error->ErrText) == std::string::npos) {
                        why += std::string(" (") + error->ErrText + ")";
                    }
                    result.error =
                        "events: " + std::string(natsMsg_GetSubject(msg)) + " not stored: " + why;
                }
                self.indexOf.erase(found);
            }
        }
        natsMsg_Destroy(msg);
    }
};

std::vector<EventBus::Published> NatsBus::publishAll(const std::vector<const Event*>& events) {
    if (events.size() <= 1) {
        return EventBus::publishAll(events); // one event: the plain round trip
    }
    std::vector<Published> results(events.size());
    AsyncPublisher* publisher = nullptr;
    try {
        for (const auto* event : events) {
            ensureStream(streamOf(event->type), "lotok." + serviceOf(event->type) + ".>");
        }
        std::lock_guard lock(m_publishersMutex);
        auto& mine = m_publishers[std::this_thread::get_id()];
        if (!mine) {
            auto made = std::make_unique<AsyncPublisher>();
            jsOptions options;
            jsOptions_Init(&options);
            options.Wait = kPublishWaitMillis;
            options.PublishAsync.AckHandler = &AsyncPublisher::answered;
            options.PublishAsync.AckHandlerClosure = made.get();
            const auto status =
                natsConnection_JetStream(&made->js, m_connection->connection, &options);
            if (status != NATS_OK) {
                throw std::runtime_error("events: cannot publish: " + describe(status));
            }
            mine = std::move(made);
        }
        publisher = mine.get();
    } catch (const std::exception& error) {
        for (auto& result : results) {
            result.error = error.what();
        }
        return results;
    }
    {
        std::lock_guard lock(publisher->mutex);
        publisher->indexOf.clear();
        publisher->results = &results;
        for (std::size_t i = 0; i < events.size(); ++i) {
            publisher->indexOf.emplace(events[i]->id, i);
        }
    }
    // All of the wave on its way, then one wait. A message nats.c could not even queue is
    // refused at once; one the broker does not answer within the publish wait is refused by
    // nats.c's own timer (the answer handler gets a timeout).
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& event = *events[i];
        natsMsg* msg = nullptr;
        natsStatus status = NATS_OK;
        std::string error;
        try {
            msg = messageOf(subjectOf(event.type), event, {});
            jsPubOptions options;
            jsPubOptions_Init(&options);
            options.MsgId = event.id.c_str();
            options.MaxWait = kPublishWaitMillis;
            status = js_PublishMsgAsync(publisher->js, &msg, &options);
            if (status != NATS_OK) {
                error = "events: " + subjectOf(event.type) + " not stored: " + describe(status);
            }
        } catch (const std::exception& exception) {
            error = exception.what();
        }
        natsMsg_Destroy(msg); // null once nats.c has taken it
        if (!error.empty()) {
            std::lock_guard lock(publisher->mutex);
            if (publisher->indexOf.erase(event.id) > 0) {
                results[i].error = error;
            }
        }
    }
    jsPubOptions wait;
    jsPubOptions_Init(&wait);
    wait.MaxWait = 2 * kPublishWaitMillis; // past every message's own timeout
    if (js_PublishAsyncComplete(publisher->js, &wait) != NATS_OK) {
        // Not even nats.c's timer answered: take the messages back; they count as refused.
        natsMsgList pending{};
        if (js_PublishAsyncGetPendingList(&pending, publisher->js) == NATS_OK) {
            natsMsgList_Destroy(&pending);
        }
    }
    std::lock_guard lock(publisher->mutex);
    for (const auto& [id, i] : publisher->indexOf) {
        results[i].error = "events: " + subjectOf(events[i]->type) + " not stored: no answer";
    }
    publisher->indexOf.clear();
    publisher->results = nullptr;
    return results;
}

void NatsBus::publish(const Event& event) {
    ensureStream(streamOf(event.type), "lotok." + serviceOf(event.type) + ".>");
    publishTo(subjectOf(event.type), event, {}, event.id);
}

void NatsBus::subscribe(std::string consumer, std::vector<std::string> types, EventHandler handler,
                        Delivery delivery, ConsumerStore /*store: JetStream keeps them*/) {
    std::lock_guard lock(m_mutex);
    for (const auto& type : types) {
        const auto stream = streamOf(type);
        auto found =
            std::find_if(m_subscriptions.begin(), m_subscriptions.end(), [&](const auto& each) {
                return each->consumer == consumer && each->stream == stream &&
                       each->delivery == delivery;
            });
        if (found == m_subscriptions.end()) {
            auto subscription = std::make_unique<Subscription>();
            subscription->bus = this;
            subscription->consumer = consumer;
            subscription->stream = stream;
            subscription->service = serviceOf(type);
            subscription->delivery = delivery;
            m_subscriptions.push_back(std::move(subscription));
            found = std::prev(m_subscriptions.end());
        }
        (*found)->handlers[type] = handler;
    }
}

void NatsBus::subscribeNow(Subscription& subscription, const std::string& subject) {
    const auto& stream = subscription.stream;
    ensureStream(stream, "lotok." + subscription.service + ".>");
    const auto durable = nameSafe(subscription.consumer + "_" + stream);
    jsSubOptions options;
    jsSubOptions_Init(&options);
    options.Stream = stream.c_str();
    options.ManualAck = true;
    options.Config.AckPolicy = js_AckExplicit;
    options.Config.AckWait = nanos(m_options.ackWait);
    // Dead letters are ours to write (with the error): the server's own limit only stops
    // a message whose handler never answers at all.
    options.Config.MaxDeliver = m_options.maxDeliver + 2;
    options.Config.FilterSubject = subject.c_str();
    if (subscription.delivery == Delivery::Shared) {
        options.Config.Durable = durable.c_str();
        options.Config.DeliverGroup = durable.c_str();
        options.Queue = durable.c_str();
        options.Config.DeliverPolicy = js_DeliverAll;
    } else {
        options.Config.DeliverPolicy = js_DeliverNew;
        options.Config.InactiveThreshold = nanos(std::chrono::seconds(30));
    }
    natsSubscription* sub = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    const natsStatus status = js_Subscribe(&sub, m_connection->js, subject.c_str(), &deliver,
                                           &subscription, nullptr, &options, &code);
    if (status != NATS_OK) {
        throw std::runtime_error("events: cannot subscribe " + subscription.consumer + " to " +
                                 subject + ": " + describe(status, code));
    }
    std::lock_guard lock(m_mutex);
    subscription.subscriptions.emplace_back(subject, sub);
}

void NatsBus::start() {
    {
        std::lock_guard lock(m_mutex);
        if (m_started) {
            return;
        }
        m_started = true;
        m_stopping = false;
        m_closing = false;
        for (auto& subscription : m_subscriptions) {
            subscription->pending = {subscription->filter()};
        }
    }
    m_keeper = std::thread([this] { keepSubscribing(); });
}

void NatsBus::keepSubscribing() {
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        // Each question waits up to the JetStream timeout (5 s) for an answer: asked of a
        // broker that is away, a round over twenty subscriptions took minutes, and stop()
        // waited for it (a lotokd that outlived its broker did not stop on SIGTERM).
        const bool connected =
            natsConnection_Status(m_connection->connection) == NATS_CONN_STATUS_CONNECTED;
        for (auto& subscription : m_subscriptions) {
            if (m_stopping || !connected) {
                break;
            }
            // A consumer the broker lost (a node restarted before it synced, an operator
            // deleted it) is made again; nats.c alone would wait on it for ever.
            auto& live = subscription->subscriptions;
            for (auto it = live.begin(); it != live.end() && !m_stopping;) {
                jsConsumerInfo* info = nullptr;
                jsErrCode code = static_cast<jsErrCode>(0);
                lock.unlock();
                const auto status =
                    natsSubscription_GetConsumerInfo(&info, it->second, nullptr, &code);
                lock.lock();
                if (info) {
                    jsConsumerInfo_Destroy(info);
                }
                if (status == NATS_NOT_FOUND || code == JSConsumerNotFoundErr) {
                    log::warn("events: the consumer of {} for {} is gone; subscribing again",
                              subscription->consumer, it->first);
                    natsSubscription_Destroy(it->second);
                    subscription->pending.push_back(it->first);
                    it = live.erase(it);
                } else {
                    ++it;
                }
            }
            auto pending = std::move(subscription->pending);
            subscription->pending.clear();
            for (const auto& type : pending) {
                if (m_stopping) {
                    subscription->pending.push_back(type);
                    continue;
                }
                lock.unlock();
                std::string error;
                try {
                    subscribeNow(*subscription, type);
                } catch (const std::exception& exception) {
                    error = exception.what();
                }
                lock.lock();
                if (!error.empty()) {
                    subscription->pending.push_back(type);
                    log::warn("{}; retrying", error);
                }
            }
        }
        m_keeperWakeup.wait_for(lock, std::chrono::seconds(1), [this] { return m_stopping; });
    }
}

std::string NatsBus::problem() const {
    if (!m_connection || !m_connection->connection) {
        return "not connected";
    }
    switch (natsConnection_Status(m_connection->connection)) {
    case NATS_CONN_STATUS_CONNECTED:
    case NATS_CONN_STATUS_DRAINING_SUBS:
    case NATS_CONN_STATUS_DRAINING_PUBS:
        return {};
    case NATS_CONN_STATUS_CONNECTING:
        return "connecting";
    case NATS_CONN_STATUS_RECONNECTING:
        return "disconnected, reconnecting";
    case NATS_CONN_STATUS_CLOSED:
        return "connection closed";
    default:
        return "disconnected";
    }
}

void NatsBus::stop() {
    {
        std::lock_guard lock(m_mutex);
        if (!m_started) {
            return;
        }
        m_started = false;
        m_stopping = true;
        m_closing = true;
    }
    m_keeperWakeup.notify_all();
    if (m_keeper.joinable()) {
        m_keeper.join();
    }
    // Deleting an ephemeral consumer is a request to the broker, five seconds each to wait
    // out when it is away: then the broker drops them itself once idle (InactiveThreshold).
    const bool connected =
        m_connection && m_connection->connection &&
        natsConnection_Status(m_connection->connection) == NATS_CONN_STATUS_CONNECTED;
    for (auto& subscription : m_subscriptions) {
        for (auto& [type, sub] : subscription->subscriptions) {
            // An ephemeral consumer goes with its subscription; a durable one stays for the
            // next start (and the other replicas).
            if (subscription->delivery == Delivery::EachReplica && connected) {
                natsSubscription_Unsubscribe(sub);
            }
            natsSubscription_Destroy(sub);
        }
        subscription->subscriptions.clear();
        subscription->pending.clear();
    }
    // A handler may be running on a delivery thread still (Destroy does not wait for it):
    // the subscriptions it uses must outlive it.
    while (m_inHandler.load() > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

void NatsBus::dispatch(void* rawMsg, Subscription& subscription) {
    auto* msg = static_cast<natsMsg*>(rawMsg);
    auto& bus = *subscription.bus;
    bus.m_inHandler.fetch_add(1); // until its lane is done with it
    const auto lane =
        subscription.consumer + '\n' + subscription.stream + '\n' + header(msg, kKeyHeader);
    bool created = false;
    {
        std::lock_guard lock(bus.m_laneMutex);
        auto [found, isNew] = bus.m_lanes.try_emplace(lane);
        found->second.push_back({&subscription, msg, std::chrono::steady_clock::now()});
        created = isNew;
    }
    if (created) {
        bus.m_handlers->post([&bus, lane] { bus.runLane(lane); });
    }
}

void NatsBus::runLane(const std::string& lane) {
    const db::Pool::EventWork eventWork; // its transactions go before requests'
    while (true) {
        Queued next;
        {
            std::lock_guard lock(m_laneMutex);
            auto found = m_lanes.find(lane);
            if (found->second.empty()) {
                m_lanes.erase(found);
                return;
            }
            next = found->second.front();
            found->second.pop_front();
        }
        t_lazyPool = nullptr;
        const auto started = std::chrono::steady_clock::now();
        eventMetrics::stageTook("consumer_queued", started - next.arrived);
        onMessage(next.msg, *next.subscription);
        eventMetrics::stageTook("consumer_handled", std::chrono::steady_clock::now() - started);
        if (t_lazyPool != nullptr) {
            // Handled, committed lazily: acked (and destroyed, and uncounted) once on disk.
            m_durableAcks->add(*t_lazyPool, static_cast<natsMsg*>(next.msg));
            t_lazyPool = nullptr;
            continue;
        }
        natsMsg_Destroy(static_cast<natsMsg*>(next.msg));
        m_inHandler.fetch_sub(1);
    }
}

void NatsBus::onMessage(void* rawMsg, Subscription& subscription) {
    auto& bus = *subscription.bus;
    bus.m_inHandler.fetch_add(1);
    struct Leave {
        NatsBus& bus;
        ~Leave() { bus.m_inHandler.fetch_sub(1); }
    } leave{bus};
    if (bus.m_closing.load()) {
        return; // not acked: delivered again after the ack wait
    }
    auto* msg = static_cast<natsMsg*>(rawMsg);
    std::uint64_t delivered = 1;
    jsMsgMetaData* meta = nullptr;
    if (natsMsg_GetMetaData(&meta, msg) == NATS_OK && meta) {
        delivered = meta->NumDelivered;
        jsMsgMetaData_Destroy(meta);
    }
    // Nothing may escape into nats.c's delivery thread: each message ends acked, redelivered
    // later or dead-lettered.
    std::string error;
    Event event;
    bool readable = false;
    // Lives through failed() too, so the retry and dead-letter lines name the event.
    std::optional<EventLogScope> scope;
    try {
        event = eventOf(msg);
        readable = true;
        scope.emplace(event, subscription.consumer);
        const auto handler = subscription.handlers.find(event.type);
        // A stream's other types pass by a consumer that takes only some of them.
        if (handler != subscription.handlers.end()) {
            handler->second(event);
        }
        if (t_lazyPool == nullptr) {
            natsMsg_Ack(msg, nullptr);
        }
        return; // else acked once its commit is on disk (runLane)
    } catch (const std::exception& exception) {
        error = exception.what();
    } catch (...) {
        error = "unknown exception";
    }
    t_lazyPool = nullptr; // rolled back: nothing to wait for
    subscription.bus->failed(subscription, msg, readable ? &event : nullptr, delivered, error);
}

void NatsBus::failed(Subscription& subscription, void* rawMsg, const Event* event,
                     std::uint64_t delivered, const std::string& error) {
    auto* msg = static_cast<natsMsg*>(rawMsg);
    const bool lastTry = !event || delivered >= static_cast<std::uint64_t>(m_options.maxDeliver);
    if (!lastTry) {
        eventMetrics::retried(subscription.consumer);
        log::warn("consumer {} refused {} {} (attempt {}): {}", subscription.consumer, event->type,
                  event->id, delivered, error);
        natsMsg_NakWithDelay(msg, backoffMillis(delivered), nullptr);
        return;
    }
    Event dead = event ? *event : Event{};
    if (!event) {
        // Not a Lotok event at all: keep the bytes for whoever looks.
        const auto* data = natsMsg_GetData(msg);
        dead.id = header(msg, kEventIdHeader);
        dead.type = header(msg, kEventTypeHeader);
        dead.payload = {{"raw", std::string(data ? data : "",
                                            static_cast<std::size_t>(natsMsg_GetDataLength(msg)))}};
    }
    eventMetrics::deadLettered(subscription.consumer);
    log::error("consumer {} gave up on {} {} after {} attempts: {}", subscription.consumer,
               dead.type, dead.id, delivered, error);
    try {
        ensureStream(kDeadStream, "lotok.dead.>");
        publishTo("lotok.dead." + nameSafe(subscription.consumer), dead,
                  {{kConsumerHeader, subscription.consumer}, {kErrorHeader, error.substr(0, 1000)}},
                  subscription.consumer + ":" + dead.id);
        natsMsg_Term(msg, nullptr);
    } catch (const std::exception& exception) {
        // Not even the dead-letter stream takes it: let the server redeliver it later.
        log::error("dead letter not stored: {}", exception.what());
        natsMsg_NakWithDelay(msg, backoffMillis(delivered), nullptr);
    }
}

std::vector<NatsBus::DeadLetter> NatsBus::deadLetters(std::size_t limit) {
    std::vector<DeadLetter> out;
    jsStreamInfo* info = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    const auto status = js_GetStreamInfo(&info, m_connection->js, kDeadStream, nullptr, &code);
    if (status == NATS_NOT_FOUND) {
        return out;
    }
    if (status != NATS_OK) {
        throw std::runtime_error("events: cannot read " + std::string(kDeadStream) + ": " +
                                 describe(status, code));
    }
    const auto first = info->State.FirstSeq;
    const auto last = info->State.LastSeq;
    jsStreamInfo_Destroy(info);
    for (auto sequence = first; sequence <= last && sequence > 0 && out.size() < limit;
         ++sequence) {
        natsMsg* msg = nullptr;
        if (js_GetMsg(&msg, m_connection->js, kDeadStream, sequence, nullptr, &code) != NATS_OK) {
            continue; // retried, so removed
        }
        DeadLetter letter;
        letter.sequence = sequence;
        letter.consumer = header(msg, kConsumerHeader);
        letter.error = header(msg, kErrorHeader);
        letter.event.id = header(msg, kEventIdHeader);
        letter.event.type = header(msg, kEventTypeHeader);
        const auto* data = natsMsg_GetData(msg);
        letter.event.payload = nlohmann::json::parse(
            std::string_view(data ? data : "",
                             static_cast<std::size_t>(natsMsg_GetDataLength(msg))),
            nullptr, false);
        natsMsg_Destroy(msg);
        out.push_back(std::move(letter));
    }
    return out;
}

std::vector<NatsBus::ConsumerState> NatsBus::consumerStates() {
    std::vector<ConsumerState> out;
    jsStreamNamesList* streams = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    auto status = js_StreamNames(&streams, m_connection->js, nullptr, &code);
    if (status == NATS_NOT_FOUND) {
        return out; // no stream yet: nothing was ever published
    }
    if (status != NATS_OK) {
        throw std::runtime_error("events: cannot list the streams: " + describe(status, code));
    }
    std::vector<std::string> names(streams->List, streams->List + streams->Count);
    jsStreamNamesList_Destroy(streams);
    for (const auto& stream : names) {
        if (stream.rfind("LOTOK_", 0) != 0 || stream == kDeadStream) {
            continue;
        }
        jsConsumerInfoList* consumers = nullptr;
        status = js_Consumers(&consumers, m_connection->js, stream.c_str(), nullptr, &code);
        if (status == NATS_NOT_FOUND) {
            continue;
        }
        if (status != NATS_OK) {
            throw std::runtime_error("events: cannot list the consumers of " + stream + ": " +
                                     describe(status, code));
        }
        for (int i = 0; i < consumers->Count; ++i) {
            const auto* info = consumers->List[i];
            // Ephemeral consumers are one process's pushes to its sockets: not a backlog.
            if (!info->Config || !info->Config->Durable) {
                continue;
            }
            out.push_back(ConsumerState{stream, info->Name ? info->Name : "", info->NumPending,
                                        info->NumAckPending, info->NumRedelivered});
        }
        jsConsumerInfoList_Destroy(consumers);
    }
    return out;
}

bool NatsBus::retryDeadLetter(std::uint64_t sequence) {
    natsMsg* msg = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    if (js_GetMsg(&msg, m_connection->js, kDeadStream, sequence, nullptr, &code) != NATS_OK) {
        return false;
    }
    Event event;
    std::string error;
    try {
        event = eventOf(msg);
    } catch (const std::exception& exception) {
        error = exception.what();
    }
    natsMsg_Destroy(msg);
    if (!error.empty()) {
        throw std::runtime_error("dead letter " + std::to_string(sequence) +
                                 " holds no event to send again: " + error);
    }
    // Published again on its own subject under a new message id: the consumer that gave up
    // handles it now; the others have it in their inboxes and drop it.
    ensureStream(streamOf(event.type), "lotok." + serviceOf(event.type) + ".>");
    publishTo(subjectOf(event.type), event, {}, event.id + ":retry:" + std::to_string(sequence));
    js_DeleteMsg(m_connection->js, kDeadStream, sequence, nullptr, &code);
    return true;
}

namespace {

void deliver(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
    NatsBus::dispatch(msg, *static_cast<NatsBus::Subscription*>(closure));
}

} // namespace

} // namespace lotok::events
