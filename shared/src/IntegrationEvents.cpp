#include "lotok/IntegrationEvents.h"

namespace lotok::events {
namespace {

using json = nlohmann::json;

const json& field(const json& payload, const char* name) {
    if (!payload.is_object()) {
        throw MalformedEvent("the payload is not an object");
    }
    const auto found = payload.find(name);
    if (found == payload.end() || found->is_null()) {
        throw MalformedEvent(std::string("no ") + name);
    }
    return *found;
}

std::int64_t int64(const json& payload, const char* name) {
    const auto& value = field(payload, name);
    if (!value.is_number_integer()) {
        throw MalformedEvent(std::string(name) + " is not an integer");
    }
    return value.get<std::int64_t>();
}

std::string text(const json& payload, const char* name) {
    const auto& value = field(payload, name);
    if (!value.is_string()) {
        throw MalformedEvent(std::string(name) + " is not a string");
    }
    return value.get<std::string>();
}

const json& object(const json& payload, const char* name) {
    const auto& value = field(payload, name);
    if (!value.is_object()) {
        throw MalformedEvent(std::string(name) + " is not an object");
    }
    return value;
}

json deliveryJson(const DeliveryEventBody& body) {
    return {{"order_id", body.orderId}, {"user_id", body.userId}, {"delivery", body.delivery}};
}

template <typename T> T deliveryFrom(const json& payload) {
    T event;
    event.orderId = int64(payload, "order_id");
    event.userId = int64(payload, "user_id");
    event.delivery = object(payload, "delivery");
    return event;
}

} // namespace

json UserRegistered::toJson() const {
    return {{"user_id", userId}, {"login", login}, {"email", email}};
}

UserRegistered UserRegistered::fromJson(const json& payload) {
    return {int64(payload, "user_id"), text(payload, "login"), text(payload, "email")};
}

namespace {

json linesJson(const std::vector<OrderLine>& items) {
    json lines = json::array();
    for (const auto& item : items) {
        lines.push_back({{"position_id", item.positionId},
                         {"name", item.name},
                         {"count", item.count},
                         {"price", item.price}});
    }
    return lines;
}

std::vector<OrderLine> linesFrom(const json& payload) {
    const auto& lines = field(payload, "items");
    if (!lines.is_array()) {
        throw MalformedEvent("items is not an array");
    }
    std::vector<OrderLine> out;
    for (const auto& line : lines) {
        out.push_back({int64(line, "position_id"), text(line, "name"), int64(line, "count"),
                       int64(line, "price")});
    }
    return out;
}

} // namespace

json OrderConfirmed::toJson() const {
    return {
        {"order_id", orderId}, {"user_id", userId}, {"items", linesJson(items)}, {"total", total}};
}

OrderConfirmed OrderConfirmed::fromJson(const json& payload) {
    OrderConfirmed event;
    event.orderId = int64(payload, "order_id");
    event.userId = int64(payload, "user_id");
    event.total = int64(payload, "total");
    event.items = linesFrom(payload);
    return event;
}

json OrderCancelled::toJson() const {
    return {{"order_id", orderId},
            {"user_id", userId},
            {"items", linesJson(items)},
            {"total", total},
            {"cancelled_by", cancelledBy}};
}

OrderCancelled OrderCancelled::fromJson(const json& payload) {
    OrderCancelled event;
    event.orderId = int64(payload, "order_id");
    event.userId = int64(payload, "user_id");
    event.total = int64(payload, "total");
    event.items = linesFrom(payload);
    event.cancelledBy = int64(payload, "cancelled_by");
    return event;
}

json OrderRejected::toJson() const {
    return {{"order_id", orderId}, {"user_id", userId}, {"reason", reason}};
}

OrderRejected OrderRejected::fromJson(const json& payload) {
    return {int64(payload, "order_id"), int64(payload, "user_id"), text(payload, "reason")};
}

json OrderSent::toJson() const {
    return deliveryJson(*this);
}
OrderSent OrderSent::fromJson(const json& payload) {
    return deliveryFrom<OrderSent>(payload);
}
json OrderReceived::toJson() const {
    return deliveryJson(*this);
}
OrderReceived OrderReceived::fromJson(const json& payload) {
    return deliveryFrom<OrderReceived>(payload);
}
json DeliveryCancelled::toJson() const {
    return deliveryJson(*this);
}
DeliveryCancelled DeliveryCancelled::fromJson(const json& payload) {
    return deliveryFrom<DeliveryCancelled>(payload);
}
json DeliveryCreated::toJson() const {
    return deliveryJson(*this);
}
DeliveryCreated DeliveryCreated::fromJson(const json& payload) {
    return deliveryFrom<DeliveryCreated>(payload);
}

json PositionChanged::toJson() const {
    return {{"position", position}};
}

PositionChanged PositionChanged::fromJson(const json& payload) {
    PositionChanged event;
    event.position = object(payload, "position");
    event.positionId = int64(event.position, "id");
    return event;
}

json NotificationCreated::toJson() const {
    return {
        {"user_id", userId}, {"notification_id", notificationId}, {"notification", notification}};
}

NotificationCreated NotificationCreated::fromJson(const json& payload) {
    return {int64(payload, "user_id"), int64(payload, "notification_id"),
            object(payload, "notification")};
}

json SessionRevoked::toJson() const {
    return {{"user_id", userId}, {"session_key", sessionKey}};
}

SessionRevoked SessionRevoked::fromJson(const json& payload) {
    return {int64(payload, "user_id"), text(payload, "session_key")};
}

} // namespace lotok::events
