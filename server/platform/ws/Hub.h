#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace lotok::ws {

// A numbered message for a user's channel; the number lets a resuming client skip what it
// has already seen.
struct NumberedMessage {
    std::int64_t id;
    std::string text;
};

// Loads what a user has after a given id, oldest first (the resume of a channel).
using HistoryLoader =
    std::function<std::vector<NumberedMessage>(std::int64_t userId, std::int64_t afterId)>;

struct Channel {
    std::string name; // "notifications", "staff"
    std::string path; // the upgrade path, e.g. /api/v1/notifications/ws
    bool staffOnly = false;
    HistoryLoader history; // empty: the channel has no resume
};

// Pushes messages to the WebSocket clients connected to this process. Services push after
// their transaction commits; the hub never blocks them on a slow socket.
class Hub {
public:
    virtual ~Hub() = default;
    virtual void addChannel(Channel channel) = 0;
    // Every connection of this user on the channel.
    virtual void sendToUser(const std::string& channel, std::int64_t userId,
                            const NumberedMessage& message) = 0;
    // Every connection on the channel.
    virtual void broadcast(const std::string& channel, const std::string& message) = 0;
    // Logout: close the sockets opened with this session (1008).
    virtual void closeSession(const std::string& sessionKey) = 0;
};

} // namespace lotok::ws
