#include "screens/customer/NotificationsPage.h"

#include "core/AppContext.h"
#include "models/ModelRoles.h"
#include "models/NotificationsModel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>

NotificationsPage::NotificationsPage(AppContext* context, QWidget* parent)
    : QWidget(parent), m_context(context), m_summary(new QLabel(this)), m_view(new QListView(this)),
      m_markReadButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/ok.svg")), tr("&Mark all as read"), this)) {
    setObjectName(QStringLiteral("notificationsPage"));
    m_summary->setObjectName(QStringLiteral("notificationsSummary"));
    m_view->setObjectName(QStringLiteral("notificationsList"));
    m_view->setAccessibleName(tr("Notifications"));
    m_view->setModel(context->notifications());
    m_view->setAlternatingRowColors(true);
    m_view->setSpacing(3);
    m_view->setIconSize(QSize(24, 24));
    m_view->setWordWrap(true);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_markReadButton->setObjectName(QStringLiteral("markReadButton"));

    auto* top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_markReadButton);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    connect(m_markReadButton, &QPushButton::clicked, context,
            [context] { context->markNotificationsRead(); });
    connect(context->notifications(), &NotificationsModel::unreadCountChanged, this,
            &NotificationsPage::updateState);
    connect(context->notifications(), &QAbstractItemModel::rowsInserted, this,
            &NotificationsPage::updateState);
    connect(context->notifications(), &QAbstractItemModel::modelReset, this,
            &NotificationsPage::updateState);
    // Opening one is reading it, and what came before it (the server's "read up to").
    connect(m_view, &QListView::activated, this, [this](const QModelIndex& index) {
        m_context->markNotificationsRead(index.data(ModelRoles::IdRole).toLongLong());
        emit orderRequested(index.data(NotificationsModel::OrderIdRole).toLongLong());
    });
    updateState();
}

void NotificationsPage::updateState() {
    auto* model = m_context->notifications();
    const int unread = model->unreadCount();
    if (model->rowCount() == 0) {
        m_summary->setText(tr("No notifications yet. News about your orders appears here."));
    } else if (unread == 0) {
        m_summary->setText(tr("All caught up."));
    } else {
        m_summary->setText(tr("%n unread notification(s)", nullptr, unread));
    }
    m_markReadButton->setEnabled(unread > 0);
}
