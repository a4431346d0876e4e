#include "screens/widgets/Banner.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QTimer>

Banner::Banner(QWidget* parent)
    : QFrame(parent), m_icon(new QLabel(this)), m_label(new QLabel(this)),
      m_action(new QPushButton(this)), m_close(new QPushButton(this)),
      m_autoClose(new QTimer(this)) {
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_label->setObjectName(QStringLiteral("bannerText"));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_action->setObjectName(QStringLiteral("bannerAction"));
    m_action->hide();
    m_close->setObjectName(QStringLiteral("bannerClose"));
    m_close->setIcon(QIcon(QStringLiteral(":/icons/close.svg")));
    m_close->setFlat(true);
    m_close->setToolTip(tr("Dismiss"));
    m_close->setAccessibleName(tr("Dismiss message"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_icon);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_action);
    layout->addWidget(m_close);
    connect(m_action, &QPushButton::clicked, this, &Banner::actionTriggered);
    connect(m_close, &QPushButton::clicked, this, &Banner::clear);
    m_autoClose->setObjectName(QStringLiteral("bannerAutoClose"));
    m_autoClose->setSingleShot(true);
    m_autoClose->setInterval(kAutoCloseMs);
    connect(m_autoClose, &QTimer::timeout, this, &Banner::clear);
    hide();
}

void Banner::showMessage(Kind kind, const QString& text, const QString& actionText) {
    m_kind = kind;
    QString background;
    QString iconName;
    switch (kind) {
    case Kind::Info:
        background = QStringLiteral("#e8f0fe");
        iconName = QStringLiteral("info");
        break;
    case Kind::Success:
        background = QStringLiteral("#e6f4ea");
        iconName = QStringLiteral("ok");
        break;
    case Kind::Warning:
        background = QStringLiteral("#fef7e0");
        iconName = QStringLiteral("warning");
        break;
    case Kind::Error:
        background = QStringLiteral("#fce8e6");
        iconName = QStringLiteral("error");
        break;
    }
    // Fixed light colours with dark text keep the contrast in dark themes too.
    setStyleSheet(QStringLiteral("Banner { background: %1; border: 1px solid palette(mid);"
                                 " border-radius: 4px; } Banner QLabel { color: #202124; }")
                      .arg(background));
    const int side = fontMetrics().height();
    m_icon->setPixmap(QIcon(QStringLiteral(":/icons/%1.svg").arg(iconName))
                          .pixmap(QSize(side, side), devicePixelRatioF()));
    m_label->setText(text);
    setAccessibleName(text);
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
    show();
    // A success needs no answer: it goes by itself. Anything that asks for action stays.
    if (kind == Kind::Success && actionText.isEmpty()) {
        m_autoClose->start();
    } else {
        m_autoClose->stop();
    }
}

void Banner::clear() {
    m_autoClose->stop();
    m_label->clear();
    hide();
}

QString Banner::text() const {
    return isVisible() || !m_label->text().isEmpty() ? m_label->text() : QString();
}
