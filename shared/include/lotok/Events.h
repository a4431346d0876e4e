#pragma once

#include <string_view>

// Event type names of the contract, as they travel on the bus.
namespace lotok::events {

inline constexpr std::string_view kUserRegistered = "user.user_registered";
inline constexpr std::string_view kOrderConfirmed = "order.order_confirmed";
inline constexpr std::string_view kOrderRejected = "order.order_rejected";
inline constexpr std::string_view kOrderSent = "delivery.order_sent";
inline constexpr std::string_view kOrderReceived = "delivery.order_recieved"; // seed spelling
// Beyond the seed: Stock tells staff screens that a position changed.
inline constexpr std::string_view kPositionChanged = "stock.position_changed";
// Beyond the seed: Delivery tells staff screens that a delivery appeared.
inline constexpr std::string_view kDeliveryCreated = "delivery.delivery_created";

} // namespace lotok::events
