#pragma once

#include "lotok/Money.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace lotok::services::billing {

// One line of an account's statement: a change of its balance and the balance it left.
struct LedgerLine {
    std::int64_t id = 0;
    std::string kind; // top_up, payment, refund; opening for an account older than the ledger
    std::int64_t amount = 0; // signed: a payment is negative
    std::int64_t balanceAfter = 0;
    std::optional<std::int64_t> orderId; // the order paid or refunded; none for a top-up
    std::string createdAt;

    nlohmann::json toJson() const {
        return {{"id", id},
                {"kind", kind},
                {"amount", amount},
                {"balance_after", balanceAfter},
                {"currency", kCurrency},
                {"order_id", orderId ? nlohmann::json(*orderId) : nlohmann::json()},
                {"created_at", createdAt}};
    }
};

} // namespace lotok::services::billing
