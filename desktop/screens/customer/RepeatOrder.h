#pragma once

#include "models/Dto.h"
#include "screens/widgets/Banner.h"

#include <QCoreApplication>
#include <QStringList>
#include <functional>

class AppContext;
class CartModel;
class QObject;

// "Repeat order": the positions and counts of an earlier order go into the cart again, at
// today's prices and never beyond today's stock; what cannot be had (archived, sold out, or
// fewer left) is said, by name. Added to what the cart already holds.
class RepeatOrder {
    Q_DECLARE_TR_FUNCTIONS(RepeatOrder)

public:
    struct Outcome {
        qint64 orderId = 0;
        QStringList added;        // "Rye bread × 3"
        QStringList fewer;        // "Farm butter (2 of 5: no more in stock)"
        QStringList leftOut;      // "Cranberry jam (sold out)"
        QStringList priceChanges; // "Rye bread: 89.00 ₽ then, 95.00 ₽ now"

        Banner::Kind kind() const;
        QString message() const;
    };

    // Puts into `cart` what of `order` can be had among `today` (the positions on sale now).
    static Outcome fill(CartModel* cart, const Order& order, const QList<Position>& today);
    // Asks the server for today's positions of the order, fills the cart and calls `done`
    // (not at all if `context` is gone by then). A failure is said in the message.
    static void start(AppContext* app, CartModel* cart, const Order& order, QObject* context,
                      std::function<void(Banner::Kind kind, const QString& message)> done);
};
