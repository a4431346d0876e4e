#include "screens/widgets/BusyIndicator.h"

#include <QPainter>

BusyIndicator::BusyIndicator(QWidget* parent) : QWidget(parent) {
    setAccessibleName(tr("Working"));
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_showDelay.setSingleShot(true);
    m_showDelay.setInterval(250);
    connect(&m_showDelay, &QTimer::timeout, this, [this] {
        setVisible(true);
        m_frame.start();
    });
    m_frame.setInterval(50);
    connect(&m_frame, &QTimer::timeout, this, [this] {
        m_angle = (m_angle + 30) % 360;
        update();
    });
    hide();
}

void BusyIndicator::setBusy(bool busy) {
    m_busy = busy;
    if (busy) {
        if (!isVisible() && !m_showDelay.isActive()) {
            m_showDelay.start();
        }
    } else {
        m_showDelay.stop();
        m_frame.stop();
        hide();
    }
}

QSize BusyIndicator::sizeHint() const {
    const int side = fontMetrics().height();
    return {side, side};
}

void BusyIndicator::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const int side = std::min(width(), height()) - 4;
    QRectF rect((width() - side) / 2.0, (height() - side) / 2.0, side, side);
    QPen pen(palette().color(QPalette::Highlight), std::max(2, side / 8));
    pen.setCapStyle(Qt::RoundCap);
    painter.setPen(pen);
    painter.drawArc(rect, -m_angle * 16, 270 * 16);
}
