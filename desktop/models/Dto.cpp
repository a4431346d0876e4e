#include "models/Dto.h"

#include <QJsonArray>

namespace {

qint64 toId(const QJsonValue& value) {
    // Ids and money are int64 on the wire; QJsonValue keeps integers up to 2^53 exactly,
    // which covers the contract's limits (amounts up to 10^12, balances up to 10^15).
    return value.toInteger();
}

} // namespace

QDateTime parseTimestamp(const QJsonValue& value) {
    if (!value.isString()) {
        return {};
    }
    auto parsed = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!parsed.isValid()) {
        parsed = QDateTime::fromString(value.toString(), Qt::ISODate);
    }
    return parsed.toUTC();
}

QJsonValue timestampToJson(const QDateTime& value) {
    if (!value.isValid()) {
        return QJsonValue::Null;
    }
    return value.toUTC().toString(Qt::ISODateWithMs);
}

Position Position::fromJson(const QJsonObject& json) {
    Position position;
    position.id = toId(json.value(QLatin1String("id")));
    position.name = json.value(QLatin1String("name")).toString();
    position.price = toId(json.value(QLatin1String("price")));
    position.currency = json.value(QLatin1String("currency")).toString(QStringLiteral("RUB"));
    position.count = toId(json.value(QLatin1String("count")));
    position.archived = json.value(QLatin1String("archived")).toBool();
    position.description = json.value(QLatin1String("description")).toString();
    position.categoryId = toId(json.value(QLatin1String("category_id")));
    position.category = json.value(QLatin1String("category")).toString();
    position.imageUrl = json.value(QLatin1String("image_url")).toString();
    position.thumbnailUrl = json.value(QLatin1String("thumbnail_url")).toString();
    return position;
}

QJsonObject Position::toJson() const {
    // The server's shape, so the offline cache reads back what it stored.
    const auto orNull = [](const QString& text) {
        return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
    };
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("price"), price},
            {QStringLiteral("currency"), currency},
            {QStringLiteral("count"), count},
            {QStringLiteral("archived"), archived},
            {QStringLiteral("description"), description},
            {QStringLiteral("category_id"),
             categoryId > 0 ? QJsonValue(categoryId) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("category"), orNull(category)},
            {QStringLiteral("image_url"), orNull(imageUrl)},
            {QStringLiteral("thumbnail_url"), orNull(thumbnailUrl)}};
}

Category Category::fromJson(const QJsonObject& json) {
    return {toId(json.value(QLatin1String("id"))), json.value(QLatin1String("name")).toString()};
}

Order Order::fromJson(const QJsonObject& json) {
    Order order;
    order.id = toId(json.value(QLatin1String("id")));
    order.userId = toId(json.value(QLatin1String("user_id")));
    order.status = json.value(QLatin1String("status")).toString();
    order.reason = json.value(QLatin1String("reason")).toString();
    const auto items = json.value(QLatin1String("items")).toArray();
    for (const auto& value : items) {
        const auto item = value.toObject();
        order.items.append({toId(item.value(QLatin1String("position_id"))),
                            item.value(QLatin1String("name")).toString(),
                            toId(item.value(QLatin1String("count"))),
                            toId(item.value(QLatin1String("price")))});
    }
    order.total = toId(json.value(QLatin1String("total")));
    order.currency = json.value(QLatin1String("currency")).toString(QStringLiteral("RUB"));
    order.createdAt = parseTimestamp(json.value(QLatin1String("created_at")));
    order.updatedAt = parseTimestamp(json.value(QLatin1String("updated_at")));
    order.decidedAt = parseTimestamp(json.value(QLatin1String("decided_at")));
    order.cancelledAt = parseTimestamp(json.value(QLatin1String("cancelled_at")));
    order.deliveryStatus = json.value(QLatin1String("delivery_status")).toString();
    const auto customer = json.value(QLatin1String("customer")).toObject();
    order.customerLogin = customer.value(QLatin1String("login")).toString();
    order.customerName = customer.value(QLatin1String("name")).toString();
    if (order.userId == 0) {
        order.userId = toId(customer.value(QLatin1String("user_id")));
    }
    return order;
}

QJsonObject Order::toJson() const {
    QJsonArray itemArray;
    for (const auto& item : items) {
        itemArray.append(QJsonObject{{QStringLiteral("position_id"), item.positionId},
                                     {QStringLiteral("name"), item.name},
                                     {QStringLiteral("count"), item.count},
                                     {QStringLiteral("price"), item.price}});
    }
    QJsonObject json{{QStringLiteral("id"), id},
                     {QStringLiteral("user_id"), userId},
                     {QStringLiteral("status"), status},
                     {QStringLiteral("items"), itemArray},
                     {QStringLiteral("total"), total},
                     {QStringLiteral("currency"), currency},
                     {QStringLiteral("created_at"), timestampToJson(createdAt)},
                     {QStringLiteral("updated_at"), timestampToJson(updatedAt)}};
    if (!reason.isEmpty()) {
        json.insert(QStringLiteral("reason"), reason);
    }
    if (decidedAt.isValid()) {
        json.insert(QStringLiteral("decided_at"), timestampToJson(decidedAt));
    }
    if (cancelledAt.isValid()) {
        json.insert(QStringLiteral("cancelled_at"), timestampToJson(cancelledAt));
    }
    if (!deliveryStatus.isEmpty()) {
        json.insert(QStringLiteral("delivery_status"), deliveryStatus);
    }
    if (!customerLogin.isEmpty() || !customerName.isEmpty()) {
        json.insert(QStringLiteral("customer"),
                    QJsonObject{{QStringLiteral("user_id"), userId},
                                {QStringLiteral("login"), customerLogin},
                                {QStringLiteral("name"), customerName}});
    }
    return json;
}

QString Order::customerText() const {
    if (customerName.isEmpty() || customerLogin.isEmpty()) {
        return customerName + customerLogin;
    }
    return QStringLiteral("%1 (%2)").arg(customerName, customerLogin);
}

QString Order::itemsSummary() const {
    QStringList parts;
    for (const auto& item : items) {
        parts.append(QStringLiteral("%1 × %2").arg(item.name).arg(item.count));
    }
    return parts.join(QStringLiteral(", "));
}

bool Order::cancellable(const QString& knownDeliveryStatus) const {
    const auto stage = knownDeliveryStatus.isEmpty() ? deliveryStatus : knownDeliveryStatus;
    return status == QLatin1String("confirmed") && stage != QLatin1String("sent") &&
           stage != QLatin1String("received") && stage != QLatin1String("cancelled");
}

Delivery Delivery::fromJson(const QJsonObject& json) {
    Delivery delivery;
    delivery.orderId = toId(json.value(QLatin1String("order_id")));
    delivery.userId = toId(json.value(QLatin1String("user_id")));
    delivery.status = json.value(QLatin1String("status")).toString();
    delivery.address = json.value(QLatin1String("address")).toString();
    delivery.customerName = json.value(QLatin1String("customer_name")).toString();
    delivery.createdAt = parseTimestamp(json.value(QLatin1String("created_at")));
    delivery.sentAt = parseTimestamp(json.value(QLatin1String("sent_at")));
    delivery.receivedAt = parseTimestamp(json.value(QLatin1String("received_at")));
    delivery.cancelledAt = parseTimestamp(json.value(QLatin1String("cancelled_at")));
    return delivery;
}

QJsonObject Delivery::toJson() const {
    return {{QStringLiteral("order_id"), orderId},
            {QStringLiteral("user_id"), userId},
            {QStringLiteral("status"), status},
            {QStringLiteral("address"), address},
            {QStringLiteral("customer_name"), customerName},
            {QStringLiteral("created_at"), timestampToJson(createdAt)},
            {QStringLiteral("sent_at"), timestampToJson(sentAt)},
            {QStringLiteral("received_at"), timestampToJson(receivedAt)},
            {QStringLiteral("cancelled_at"), timestampToJson(cancelledAt)}};
}

LedgerEntry LedgerEntry::fromJson(const QJsonObject& json) {
    LedgerEntry entry;
    entry.id = toId(json.value(QLatin1String("id")));
    entry.kind = json.value(QLatin1String("kind")).toString();
    entry.amount = toId(json.value(QLatin1String("amount")));
    entry.balanceAfter = toId(json.value(QLatin1String("balance_after")));
    entry.currency = json.value(QLatin1String("currency")).toString(QStringLiteral("RUB"));
    entry.orderId = toId(json.value(QLatin1String("order_id"))); // null reads as 0
    entry.createdAt = parseTimestamp(json.value(QLatin1String("created_at")));
    return entry;
}

Notification Notification::fromJson(const QJsonObject& json) {
    Notification notification;
    notification.id = toId(json.value(QLatin1String("id")));
    notification.type = json.value(QLatin1String("type")).toString();
    notification.orderId = toId(json.value(QLatin1String("order_id")));
    notification.message = json.value(QLatin1String("message")).toString();
    notification.createdAt = parseTimestamp(json.value(QLatin1String("created_at")));
    notification.read = json.value(QLatin1String("read")).toBool();
    return notification;
}

QJsonObject Notification::toJson() const {
    return {{QStringLiteral("id"), id},
            {QStringLiteral("type"), type},
            {QStringLiteral("order_id"), orderId},
            {QStringLiteral("message"), message},
            {QStringLiteral("created_at"), timestampToJson(createdAt)},
            {QStringLiteral("read"), read}};
}

Profile Profile::fromJson(const QJsonObject& json) {
    Profile profile;
    profile.id = toId(json.value(QLatin1String("id")));
    profile.login = json.value(QLatin1String("login")).toString();
    profile.email = json.value(QLatin1String("email")).toString();
    profile.firstName = json.value(QLatin1String("first_name")).toString();
    profile.lastName = json.value(QLatin1String("last_name")).toString();
    profile.phone = json.value(QLatin1String("phone")).toString();
    profile.address = json.value(QLatin1String("address")).toString();
    profile.role = json.value(QLatin1String("role")).toString();
    profile.language = json.value(QLatin1String("language")).toString(QStringLiteral("en"));
    profile.emailNotifications = json.value(QLatin1String("email_notifications")).toBool(true);
    return profile;
}
