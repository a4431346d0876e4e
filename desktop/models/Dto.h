#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

// The contract's objects as the app sees them. Parsing is lenient: a missing field becomes
// its zero value so that a newer server adding fields, or an old cache row, never crashes
// a screen.

struct Position {
    qint64 id = 0;
    QString name;
    qint64 price = 0;
    QString currency = QStringLiteral("RUB");
    qint64 count = 0;
    bool archived = false; // no longer sold; only staff see it
    QString description;   // plain text, lines separated by \n
    qint64 categoryId = 0; // 0: none
    QString category;
    QString imageUrl; // relative to the server, versioned; empty without a picture
    QString thumbnailUrl;

    static Position fromJson(const QJsonObject& json);
    QJsonObject toJson() const;
};

struct Category {
    qint64 id = 0;
    QString name;

    static Category fromJson(const QJsonObject& json);
};

struct OrderItem {
    qint64 positionId = 0;
    QString name;
    qint64 count = 0;
    qint64 price = 0;
};

struct Order {
    qint64 id = 0;
    qint64 userId = 0;
    QString status; // pending, confirmed, rejected, cancelled
    QString reason; // only when rejected
    QList<OrderItem> items;
    qint64 total = 0;
    QString currency = QStringLiteral("RUB");
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime decidedAt;   // confirmed or rejected
    QDateTime cancelledAt; // only when cancelled
    // Where the delivery is (awaiting_shipment, sent, received, cancelled); empty before it
    // exists.
    QString deliveryStatus;
    // Staff board only: who placed it (empty when the server does not know yet).
    QString customerLogin;
    QString customerName;

    static Order fromJson(const QJsonObject& json);
    QJsonObject toJson() const;
    QString itemsSummary() const;
    // "Anna Petrova (anna)", or whichever of the two is known.
    QString customerText() const;
    // Whether the customer (or staff) may still cancel it as far as the app knows: confirmed
    // and not sent. The server decides; this only says when to offer it.
    bool cancellable(const QString& knownDeliveryStatus = {}) const;
};

struct Delivery {
    qint64 orderId = 0;
    qint64 userId = 0;
    QString status; // awaiting_shipment, sent, received, cancelled
    QString address;
    QString customerName;
    QDateTime createdAt;
    QDateTime sentAt;
    QDateTime receivedAt;
    QDateTime cancelledAt;

    static Delivery fromJson(const QJsonObject& json);
    QJsonObject toJson() const;
};

struct Notification {
    qint64 id = 0;
    QString type;
    qint64 orderId = 0;
    QString message;
    QDateTime createdAt;
    bool read = false;

    static Notification fromJson(const QJsonObject& json);
    QJsonObject toJson() const;
};

struct Profile {
    qint64 id = 0;
    QString login;
    QString email;
    QString firstName;
    QString lastName;
    QString phone;
    QString address;
    QString role;
    QString language = QStringLiteral("en"); // of the shop's e-mails: en, ru
    bool emailNotifications = true;

    static Profile fromJson(const QJsonObject& json);
};

// A line of the account statement: one change of the balance and the balance it left.
struct LedgerEntry {
    qint64 id = 0;
    QString kind;      // top_up, payment, refund; opening for an account older than the ledger
    qint64 amount = 0; // signed: a payment is negative
    qint64 balanceAfter = 0;
    QString currency = QStringLiteral("RUB");
    qint64 orderId = 0; // 0: none (a top-up)
    QDateTime createdAt;

    static LedgerEntry fromJson(const QJsonObject& json);
};

QDateTime parseTimestamp(const QJsonValue& value);
QJsonValue timestampToJson(const QDateTime& value);

Q_DECLARE_METATYPE(Position)
Q_DECLARE_METATYPE(Order)
Q_DECLARE_METATYPE(Delivery)
Q_DECLARE_METATYPE(Notification)
