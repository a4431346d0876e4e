#pragma once

#include <cstdint>
#include <string>

namespace lotok::services::order {

// Delivery's answer to a cancel: done (the delivery is cancelled, or will never be made), or
// refused because the order is on its way already (`status` is sent or received).
struct DeliveryCancel {
    bool cancelled = false;
    std::string status;
};

// What the cancel saga needs from Delivery. DeliveryClient is the HTTP implementation; no
// answer at all throws ApiError(unavailable), as every port does.
class DeliveryPort {
public:
    virtual ~DeliveryPort() = default;
    // Safe to repeat: a delivery already cancelled answers cancelled again.
    virtual DeliveryCancel cancel(std::int64_t orderId, std::int64_t userId) = 0;
};

} // namespace lotok::services::order
