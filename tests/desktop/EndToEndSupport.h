// What the desktop end-to-end tests share: a real app window with its own cache and
// settings, driven through its widgets, and a staff client for setting up the shop over the
// same public API. Header-only: each test file is one translation unit of one executable.
#pragma once

#include "DesktopTestUtil.h"
#include "LotokdProcess.h"
#include "api/ApiClient.h"
#include "core/AppContext.h"
#include "models/NotificationsModel.h"
#include "models/OrdersModel.h"
#include "models/PositionsModel.h"
#include "screens/MainWindow.h"

#include <QCheckBox>
#include <QDialog>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <memory>

namespace lotok::test::e2e {

using lotok::test::child;
using lotok::test::rowWithText;
using lotok::test::waitFor;

inline QString q(const std::string& text) {
    return QString::fromStdString(text);
}

// Setup calls the tests make as "someone else" (staff stocking the shop), over the same
// public API. Waiting here is fine: it is the test, not the app.
inline ApiResult apiCall(ApiClient& api, const QString& method, const QString& path,
                         const QJsonObject& body = {}) {
    std::optional<ApiResult> result;
    if (method == QLatin1String("GET")) {
        api.get(path, {}, nullptr, [&](const ApiResult& r) { result = r; });
    } else {
        api.post(path, body, nullptr, [&](const ApiResult& r) { result = r; });
    }
    REQUIRE(waitFor([&] { return result.has_value(); }));
    return *result;
}

// A second client of an account, signed in beside the app (another device of its user).
struct SignedInApi {
    ApiClient api;

    SignedInApi(const QString& url, const QString& login, const QString& password) {
        api.setBaseUrl(QUrl(url));
        const auto r =
            apiCall(api, QStringLiteral("POST"), QStringLiteral("/api/v1/login"),
                    {{QStringLiteral("login"), login}, {QStringLiteral("password"), password}});
        REQUIRE(r.ok());
        api.setToken(r.object().value(QLatin1String("token")).toString());
    }
};

struct StaffApi : SignedInApi {
    using SignedInApi::SignedInApi;

    qint64 addPosition(const QString& name, qint64 price, qint64 count) {
        const auto r =
            apiCall(api, QStringLiteral("POST"), QStringLiteral("/api/v1/stock/positions"),
                    {{QStringLiteral("name"), name},
                     {QStringLiteral("price"), price},
                     {QStringLiteral("count"), count}});
        REQUIRE(r.ok());
        return r.object().value(QLatin1String("id")).toInteger();
    }

    void adjust(qint64 id, qint64 add) {
        REQUIRE(apiCall(api, QStringLiteral("POST"),
                        QStringLiteral("/api/v1/stock/position/%1").arg(id),
                        {{QStringLiteral("add"), add}})
                    .ok());
    }

    // Retries while the delivery does not exist yet (it follows the confirmation event).
    void advance(const QString& path, qint64 orderId) {
        REQUIRE(waitFor([&] {
            return apiCall(api, QStringLiteral("POST"), path,
                           {{QStringLiteral("order_id"), orderId}})
                .ok();
        }));
    }
};

// One app window with its own cache and settings scope, as a user would have it. Given the
// `home` of an earlier window, it is that app started again (same cache).
struct AppWindow {
    QTemporaryDir dir;
    QString home;
    std::unique_ptr<AppContext> context;
    std::unique_ptr<MainWindow> window;

    explicit AppWindow(const QString& url, const QString& earlierHome = {})
        : home(earlierHome.isEmpty() ? dir.path() : earlierHome) {
        AppContext::Options options;
        options.serverUrl = url;
        options.cachePath = QDir(home).filePath(QStringLiteral("cache.sqlite"));
        options.keychainService = QStringLiteral("lotok-e2e-") + QFileInfo(home).fileName();
        context = std::make_unique<AppContext>(options);
        window = std::make_unique<MainWindow>(context.get());
        window->resize(1100, 700);
        window->show();
        window->start();
        // No keychain in the test environment: keep sessions in memory.
        child<QCheckBox>(window.get(), QStringLiteral("keepSignedInCheck"))->setChecked(false);
    }

    template <typename T> T* find(const QString& name) { return child<T>(window.get(), name); }

    void waitSynced() {
        REQUIRE(waitFor([&] { return context->isSignedIn() && context->isSynced(); }));
    }

    void signIn(const QString& login, const QString& password) {
        find<QTabWidget>(QStringLiteral("loginTabs"))->setCurrentIndex(0);
        auto* loginEdit = find<QLineEdit>(QStringLiteral("signInLoginEdit"));
        loginEdit->clear();
        QTest::keyClicks(loginEdit, login);
        QTest::keyClicks(find<QLineEdit>(QStringLiteral("signInPasswordEdit")), password);
        QTest::mouseClick(find<QPushButton>(QStringLiteral("signInButton")), Qt::LeftButton);
        waitSynced();
    }

    void registerCustomer(const QString& login, const QString& password) {
        find<QTabWidget>(QStringLiteral("loginTabs"))->setCurrentIndex(1);
        const QList<QPair<QString, QString>> fields = {
            {QStringLiteral("registerLoginEdit"), login},
            {QStringLiteral("registerPasswordEdit"), password},
            {QStringLiteral("registerEmailEdit"), login + QStringLiteral("@example.com")},
            {QStringLiteral("registerFirstNameEdit"), QStringLiteral("Anna")},
            {QStringLiteral("registerLastNameEdit"), QStringLiteral("Petrova")},
            {QStringLiteral("registerAddressEdit"), QStringLiteral("12 Garden Street, Tver")}};
        for (const auto& [name, value] : fields) {
            QTest::keyClicks(find<QLineEdit>(name), value);
        }
        QTest::mouseClick(find<QPushButton>(QStringLiteral("registerButton")), Qt::LeftButton);
        waitSynced();
    }

    void topUp(const QString& amount) {
        REQUIRE(window->showPage(QStringLiteral("balancePage")));
        QTest::keyClicks(find<QLineEdit>(QStringLiteral("topUpAmountEdit")), amount);
        QTest::mouseClick(find<QPushButton>(QStringLiteral("topUpButton")), Qt::LeftButton);
    }

    QString bannerText(const QString& bannerName) {
        return child<QLabel>(find<QWidget>(bannerName), QStringLiteral("bannerText"))->text();
    }

    void addToCart(const QString& positionName, int count) {
        REQUIRE(window->showPage(QStringLiteral("cataloguePage")));
        auto* table = find<QTableView>(QStringLiteral("positionsTable"));
        REQUIRE(waitFor([&] {
            return rowWithText(table->model(), PositionsModel::NameColumn, positionName) >= 0;
        }));
        const int row = rowWithText(table->model(), PositionsModel::NameColumn, positionName);
        table->setCurrentIndex(table->model()->index(row, 0));
        auto* spin = find<QSpinBox>(QStringLiteral("quantitySpin"));
        spin->setValue(count);
        REQUIRE(spin->value() == count);
        auto* add = find<QPushButton>(QStringLiteral("addToCartButton"));
        REQUIRE(add->isEnabled());
        QTest::mouseClick(add, Qt::LeftButton);
    }

    // The checkout step open on screen, if any (a closed one may linger until deleted).
    QDialog* checkout() {
        for (auto* dialog : window->findChildren<QDialog*>(QStringLiteral("checkoutDialog"))) {
            if (dialog->isVisible()) {
                return dialog;
            }
        }
        return nullptr;
    }

    // "Place order" and, when the checkout step opens (it does not when the app stops the
    // order first), "Confirm" once it can be pressed.
    void placeOrder() {
        auto* button = find<QPushButton>(QStringLiteral("placeOrderButton"));
        REQUIRE(waitFor([&] { return button->isEnabled(); }));
        QTest::mouseClick(button, Qt::LeftButton);
        if (auto* dialog = checkout()) {
            auto* confirm = child<QPushButton>(dialog, QStringLiteral("checkoutConfirmButton"));
            REQUIRE(waitFor([&] { return confirm->isEnabled(); }));
            QTest::mouseClick(confirm, Qt::LeftButton);
        }
    }

    bool hasNotification(const QString& type, qint64 orderId) {
        const auto* model = context->notifications();
        for (int row = 0; row < model->rowCount(); ++row) {
            const auto index = model->index(row);
            if (index.data(NotificationsModel::TypeRole).toString() == type &&
                index.data(NotificationsModel::OrderIdRole).toLongLong() == orderId) {
                return true;
            }
        }
        return false;
    }

    int countNotifications(const QString& type, qint64 orderId) {
        int count = 0;
        const auto* model = context->notifications();
        for (int row = 0; row < model->rowCount(); ++row) {
            const auto index = model->index(row);
            count += index.data(NotificationsModel::TypeRole).toString() == type &&
                     index.data(NotificationsModel::OrderIdRole).toLongLong() == orderId;
        }
        return count;
    }
};

inline qint64 newestOrderId(AppWindow& app) {
    const auto* orders = app.context->orders();
    return orders->rowCount() > 0 ? orders->orderAt(0)->id : 0;
}

// A signed-in customer tops up 1000.00 and buys one of `positionName`; returns the order id.
inline qint64 buyOne(AppWindow& app, const QString& positionName) {
    app.topUp(QStringLiteral("1000"));
    REQUIRE(waitFor([&] { return app.context->balance() == 100000; }));
    app.addToCart(positionName, 1);
    app.placeOrder();
    REQUIRE(waitFor([&] { return newestOrderId(app) > 0; }));
    return newestOrderId(app);
}

} // namespace lotok::test::e2e
