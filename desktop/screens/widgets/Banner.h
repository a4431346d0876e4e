#pragma once

#include <QFrame>

class QLabel;
class QPushButton;
class QTimer;

// A coloured strip across the top of a page for things the user should not miss: the server
// being away, an error with what to do next, or a success.
class Banner : public QFrame {
    Q_OBJECT

public:
    enum class Kind { Info, Success, Warning, Error };
    // How long a success stays before it closes by itself.
    static constexpr int kAutoCloseMs = 6000;

    explicit Banner(QWidget* parent = nullptr);

    void showMessage(Kind kind, const QString& text, const QString& actionText = {});
    void clear();
    QString text() const;
    Kind kind() const { return m_kind; }

signals:
    void actionTriggered();

private:
    QLabel* m_icon;
    QLabel* m_label;
    QPushButton* m_action;
    QPushButton* m_close;
    QTimer* m_autoClose;
    Kind m_kind = Kind::Info;
};
