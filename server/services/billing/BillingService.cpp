#include "BillingService.h"

#include "http/ApiError.h"
#include "log/Log.h"
#include "lotok/IntegrationEvents.h"
#include "lotok/Limits.h"
#include "lotok/Money.h"

namespace lotok::services::billing {

using http::ApiError;

std::int64_t BillingService::topUp(db::Transaction& tx, std::int64_t userId, std::int64_t amount) {
    const auto balance = m_repository.topUp(tx, userId, amount, limits::kMaxBalance);
    if (!balance) {
        throw ApiError::invalid("amount", "the balance may not exceed " +
                                              money::toDecimalString(limits::kMaxBalance));
    }
    return *balance;
}

PaymentResult BillingService::pay(std::int64_t userId, std::int64_t orderId, std::int64_t amount) {
    // Debit first, then record the payment: one statement fewer than making sure the account
    // exists first (no account means no money, and the debit finds no row). A saga step
    // retried for an order already paid meets the payment's unique order_id and rolls its
    // debit back with it.
    struct AlreadyPaid {};
    const auto existingPayment = [&](db::Transaction& tx) -> std::optional<PaymentResult> {
        if (const auto existing = m_repository.paymentForOrder(tx, orderId)) {
            return PaymentResult{existing->id, orderId, existing->amount};
        }
        return std::nullopt;
    };
    try {
        return m_repository.pool().transact([&](db::Transaction& tx) {
            if (!m_repository.debit(tx, userId, orderId, amount)) {
                if (auto paid = existingPayment(tx)) {
                    return *paid;
                }
                throw ApiError(ErrorCode::InsufficientFunds,
                               "the balance is less than " + money::toDecimalString(amount),
                               "amount");
            }
            const auto paymentId = m_repository.insertPayment(tx, orderId, userId, amount);
            if (!paymentId) {
                throw AlreadyPaid{};
            }
            return PaymentResult{*paymentId, orderId, amount};
        });
    } catch (const AlreadyPaid&) {
        return m_repository.pool().transact(
            [&](db::Transaction& tx) { return existingPayment(tx).value(); });
    }
}

void BillingService::subscribeTo(events::Consumer& consumer) {
    consumer.handle<events::UserRegistered>(
        "billing", [this](db::Transaction& tx, const events::UserRegistered& event) {
            m_repository.openAccount(tx, event.userId);
        });
    consumer.handle<events::OrderRejected>(
        "billing", [this](db::Transaction& tx, const events::OrderRejected& event) {
            if (const auto refunded = m_repository.refund(tx, event.orderId)) {
                log::warn("refunded payment {} of rejected order {}", refunded->id, event.orderId);
            }
        });
    // A cancelled order's payment goes back to the balance by the same refund as a rejected
    // one's: once (refunded_at is set once, and the inbox drops a repeat).
    consumer.handle<events::OrderCancelled>(
        "billing", [this](db::Transaction& tx, const events::OrderCancelled& event) {
            if (const auto refunded = m_repository.refund(tx, event.orderId)) {
                log::info("refunded payment {} of cancelled order {}", refunded->id, event.orderId);
            }
        });
}

} // namespace lotok::services::billing
