#pragma once

#include "models/Dto.h"

#include <QAbstractTableModel>

// Deliveries in one status (a tab of the staff console). A live update that moves a delivery
// to another status takes it out of this model; the other tab's model picks it up.
class DeliveriesModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        OrderColumn,
        CustomerColumn,
        AddressColumn,
        CreatedColumn,
        SentColumn,
        ReceivedColumn,
        ColumnCount
    };

    explicit DeliveriesModel(const QString& status, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    QString status() const { return m_status; }
    void setDeliveries(const QList<Delivery>& deliveries);
    void upsert(const Delivery& delivery);
    std::optional<Delivery> deliveryAt(int row) const;
    int rowOf(qint64 orderId) const;

private:
    QString searchText(int row) const;
    static QString makeSearchText(const Delivery& delivery);

    QString m_status;
    QList<Delivery> m_deliveries;
    // What SearchRole answers, row by row with m_deliveries.
    QList<QString> m_search;
};
