#pragma once

#include <QWidget>

class AppContext;
class QListView;
class QPushButton;
class QLabel;

// The notifications panel: live from the socket, newest on top, unread in bold.
class NotificationsPage : public QWidget {
    Q_OBJECT

public:
    explicit NotificationsPage(AppContext* context, QWidget* parent = nullptr);

    QListView* view() const { return m_view; }

signals:
    void orderRequested(qint64 orderId);

private:
    void updateState();

    AppContext* m_context;
    QLabel* m_summary;
    QListView* m_view;
    QPushButton* m_markReadButton;
};
