#include "screens/customer/RepeatOrder.h"

#include "api/ApiClient.h"
#include "core/AppContext.h"
#include "core/Format.h"
#include "models/CartModel.h"

#include <QJsonArray>
#include <QLocale>
#include <QPointer>
#include <QUrlQuery>

RepeatOrder::Outcome RepeatOrder::fill(CartModel* cart, const Order& order,
                                       const QList<Position>& today) {
    Outcome outcome;
    outcome.orderId = order.id;
    for (const auto& item : order.items) {
        if (item.count <= 0) {
            continue;
        }
        const Position* position = nullptr;
        for (const auto& candidate : today) {
            if (candidate.id == item.positionId && !candidate.archived) {
                position = &candidate;
            }
        }
        if (!position) {
            // The public list leaves archived positions out: no longer sold.
            outcome.leftOut.append(tr("%1 (no longer sold)").arg(item.name));
            continue;
        }
        qint64 inCart = 0;
        for (const auto& line : cart->lines()) {
            if (line.position.id == position->id) {
                inCart = line.count;
            }
        }
        const qint64 room = position->count - inCart;
        if (room <= 0) {
            outcome.leftOut.append(
                position->count > 0
                    ? tr("%1 (all in stock already in the cart)").arg(position->name)
                    : tr("%1 (sold out)").arg(position->name));
            continue;
        }
        const qint64 take = std::min(item.count, room);
        if (take < item.count) {
            outcome.fewer.append(
                tr("%1 (%2 of %3: no more in stock)")
                    .arg(position->name, QLocale().toString(take), QLocale().toString(item.count)));
        }
        if (position->price != item.price) {
            outcome.priceChanges.append(
                tr("%1: %2 then, %3 now")
                    .arg(position->name, Format::money(item.price, position->currency),
                         Format::money(position->price, position->currency)));
        }
        // Today's name and price for a line already in the cart, then the count on top.
        cart->updatePosition(*position);
        cart->add(*position, take);
        outcome.added.append(tr("%1 × %2").arg(position->name, QLocale().toString(take)));
    }
    return outcome;
}

Banner::Kind RepeatOrder::Outcome::kind() const {
    if (added.isEmpty()) {
        return Banner::Kind::Warning;
    }
    return fewer.isEmpty() && leftOut.isEmpty() ? Banner::Kind::Success : Banner::Kind::Info;
}

QString RepeatOrder::Outcome::message() const {
    const auto list = [](const QStringList& items) { return items.join(QStringLiteral(", ")); };
    if (added.isEmpty()) {
        return tr("Nothing from order #%1 could be put in the cart: %2.")
            .arg(orderId)
            .arg(list(leftOut));
    }
    QStringList parts;
    parts.append(
        tr("Order #%1 is in the cart again, at today's prices: %2.").arg(orderId).arg(list(added)));
    if (!fewer.isEmpty()) {
        parts.append(tr("Fewer than before: %1.").arg(list(fewer)));
    }
    if (!leftOut.isEmpty()) {
        parts.append(tr("Left out: %1.").arg(list(leftOut)));
    }
    if (!priceChanges.isEmpty()) {
        parts.append(tr("Prices changed since: %1.").arg(list(priceChanges)));
    }
    return parts.join(QLatin1Char(' '));
}

void RepeatOrder::start(AppContext* app, CartModel* cart, const Order& order, QObject* context,
                        std::function<void(Banner::Kind kind, const QString& message)> done) {
    QStringList ids;
    for (const auto& item : order.items) {
        ids.append(QString::number(item.positionId));
    }
    if (ids.isEmpty()) {
        done(Banner::Kind::Warning, tr("Order #%1 has no items to repeat.").arg(order.id));
        return;
    }
    // Today's prices and stock from the server, not the catalogue's last refresh: the cart
    // must not start from yesterday's counts.
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("ids"), ids.join(QLatin1Char(',')));
    app->api()->get(
        QStringLiteral("/api/v1/stock/positions"), query, context,
        [cart = QPointer<CartModel>(cart), order, done](const ApiResult& result) {
            if (!cart) {
                return; // signed out meanwhile: that cart is gone
            }
            if (!result.ok()) {
                done(Banner::Kind::Error,
                     tr("Order #%1 could not be repeated: %2")
                         .arg(order.id)
                         .arg(Format::errorMessage(result.error->code, result.error->message)));
                return;
            }
            QList<Position> today;
            for (const auto& value : result.object().value(QLatin1String("positions")).toArray()) {
                today.append(Position::fromJson(value.toObject()));
            }
            const auto outcome = fill(cart, order, today);
            done(outcome.kind(), outcome.message());
        });
}
