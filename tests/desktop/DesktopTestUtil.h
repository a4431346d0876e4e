#pragma once

#include <QAbstractItemModel>
#include <QApplication>
#include <QTest>
#include <QWidget>
#include <catch2/catch.hpp>

namespace lotok::test {

// Spins the event loop until the condition holds; network replies arrive meanwhile.
template <typename Predicate> bool waitFor(Predicate predicate, int timeoutMs = 15000) {
    return QTest::qWaitFor(predicate, timeoutMs);
}

template <typename T> T* child(const QObject* root, const QString& name) {
    auto* found = root->findChild<T*>(name);
    INFO("widget " << name.toStdString());
    REQUIRE(found != nullptr);
    return found;
}

inline int rowWithText(const QAbstractItemModel* model, int column, const QString& text) {
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, column).data().toString().contains(text)) {
            return row;
        }
    }
    return -1;
}

inline QString uniqueName(const char* prefix) {
    static int counter = 0;
    return QStringLiteral("%1%2x%3")
        .arg(QLatin1String(prefix))
        .arg(QDateTime::currentMSecsSinceEpoch() % 100000000)
        .arg(++counter);
}

} // namespace lotok::test
