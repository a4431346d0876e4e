#pragma once

#include <QTimer>
#include <QWidget>

// A small spinning arc. Shown only when work lasts long enough to notice, so quick replies
// do not make the window flicker.
class BusyIndicator : public QWidget {
    Q_OBJECT

public:
    explicit BusyIndicator(QWidget* parent = nullptr);

    void setBusy(bool busy);
    bool isBusy() const { return m_busy; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QTimer m_showDelay;
    QTimer m_frame;
    int m_angle = 0;
    bool m_busy = false;
};
