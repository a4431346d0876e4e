#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The integration events of the contract, one struct each: its type name (the only place
// the string is written), its schema version, and its JSON codec. Producers build the
// struct and hand it to their outbox; consumers receive it decoded (events/Consumer.h).
//
// Compatibility: a consumer reads every minor change of its version (fields added; unknown
// fields are ignored on decoding). A breaking change gets a new version with its own struct
// and type name suffix ("order.order_confirmed.v2"), published beside the old one until
// every consumer reads the new one; docs/architecture.md "Evolving an event" has the steps.
namespace lotok::events {

// What an event says about its order: events with the same key are handled in the order
// they were written (a user's notifications are numbered in the order things happened).
struct OrderingKey {
    std::string value;
    static OrderingKey user(std::int64_t userId) { return {"user:" + std::to_string(userId)}; }
    static OrderingKey position(std::int64_t id) { return {"position:" + std::to_string(id)}; }
};

// An event whose payload is not what its type promises (a field missing or of another type).
class MalformedEvent : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

struct UserRegistered {
    static constexpr std::string_view kType = "user.user_registered";
    static constexpr int kVersion = 1;
    std::int64_t userId = 0;
    std::string login;
    std::string email;

    OrderingKey key() const { return OrderingKey::user(userId); }
    nlohmann::json toJson() const;
    static UserRegistered fromJson(const nlohmann::json& payload);
};

struct OrderLine {
    std::int64_t positionId = 0;
    std::string name;
    std::int64_t count = 0;
    std::int64_t price = 0;
};

struct OrderConfirmed {
    static constexpr std::string_view kType = "order.order_confirmed";
    static constexpr int kVersion = 1;
    std::int64_t orderId = 0;
    std::int64_t userId = 0;
    std::vector<OrderLine> items;
    std::int64_t total = 0;

    OrderingKey key() const { return OrderingKey::user(userId); }
    nlohmann::json toJson() const;
    static OrderConfirmed fromJson(const nlohmann::json& payload);
};

struct OrderRejected {
    static constexpr std::string_view kType = "order.order_rejected";
    static constexpr int kVersion = 1;
    std::int64_t orderId = 0;
    std::int64_t userId = 0;
    std::string reason; // insufficient_stock | insufficient_funds

    OrderingKey key() const { return OrderingKey::user(userId); }
    nlohmann::json toJson() const;
    static OrderRejected fromJson(const nlohmann::json& payload);
};

// Beyond the seed: a confirmed order was cancelled before it was sent (its delivery is
// already cancelled when this is written). Stock takes the goods back, Billing refunds the
// payment, Notification tells the customer. `cancelledBy` is who asked: the customer, or a
// member of staff.
struct OrderCancelled {
    static constexpr std::string_view kType = "order.order_cancelled";
    static constexpr int kVersion = 1;
    std::int64_t orderId = 0;
    std::int64_t userId = 0;
    std::vector<OrderLine> items;
    std::int64_t total = 0;
    std::int64_t cancelledBy = 0;

    OrderingKey key() const { return OrderingKey::user(userId); }
    nlohmann::json toJson() const;
    static OrderCancelled fromJson(const nlohmann::json& payload);
};

// A delivery that appeared or moved; `delivery` is Delivery's public shape of it.
struct DeliveryEventBody {
    std::int64_t orderId = 0;
    std::int64_t userId = 0;
    nlohmann::json delivery;
};

struct OrderSent : DeliveryEventBody {
    static constexpr std::string_view kType = "delivery.order_sent";
    static constexpr int kVersion = 1;
    OrderingKey key() const { return OrderingKey::user(userId); }
    nlohmann::json toJson() const;
    static OrderSent fromJson(const nlohmann::json& payload);
};

struct OrderReceived : DeliveryEventBody {
    static constexpr std::string_view kType = "delivery.order_recieved"; // the seed's spelling
    static constexpr int kVersion = 1;
    OrderingKey key() const { return OrderingKey::user(userId); }
    nlohmann::json toJson() const;
    static OrderReceived fromJson(const nlohmann::json& payload);
};

// Beyond the seed: a delivery was made for a confirmed order (staff screens).
struct DeliveryCreated : DeliveryEventBody {
    static constexpr std::string_view kType = "delivery.delivery_created";
    static constexpr int kVersion = 1;
    OrderingKey key() const { return OrderingKey::user(userId); }
    nlohmann::json toJson() const;
    static DeliveryCreated fromJson(const nlohmann::json& payload);
};

// Beyond the seed: a delivery was cancelled with its order (staff screens). A delivery
// cancelled before its order's confirmation arrived has no address.
struct DeliveryCancelled : DeliveryEventBody {
    static constexpr std::string_view kType = "delivery.delivery_cancelled";
    static constexpr int kVersion = 1;
    OrderingKey key() const { return OrderingKey::user(userId); }
    nlohmann::json toJson() const;
    static DeliveryCancelled fromJson(const nlohmann::json& payload);
};

// Beyond the seed: a position's name, price or count changed (staff screens, catalogue).
struct PositionChanged {
    static constexpr std::string_view kType = "stock.position_changed";
    static constexpr int kVersion = 1;
    std::int64_t positionId = 0;
    nlohmann::json position; // Stock's public shape of it

    OrderingKey key() const { return OrderingKey::position(positionId); }
    nlohmann::json toJson() const;
    static PositionChanged fromJson(const nlohmann::json& payload);
};

// Beyond the seed: Notification stored a notification; every replica pushes it to the
// sockets of its user that it holds.
struct NotificationCreated {
    static constexpr std::string_view kType = "notification.notification_created";
    static constexpr int kVersion = 1;
    std::int64_t userId = 0;
    std::int64_t notificationId = 0;
    nlohmann::json notification; // its public shape

    OrderingKey key() const { return OrderingKey::user(userId); }
    nlohmann::json toJson() const;
    static NotificationCreated fromJson(const nlohmann::json& payload);
};

// Beyond the seed: a session ended; whoever holds its sockets closes them.
struct SessionRevoked {
    static constexpr std::string_view kType = "auth.session_revoked";
    static constexpr int kVersion = 1;
    std::int64_t userId = 0;
    std::string sessionKey;

    OrderingKey key() const { return OrderingKey::user(userId); }
    nlohmann::json toJson() const;
    static SessionRevoked fromJson(const nlohmann::json& payload);
};

} // namespace lotok::events
