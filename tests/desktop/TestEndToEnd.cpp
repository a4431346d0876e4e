// The desktop app end to end: real windows (offscreen) driven through their widgets, against
// a real lotokd on a fresh database. Nothing is mocked.
#include "EndToEndSupport.h"
#include "api/ApiClient.h"
#include "api/EventStream.h"
#include "core/AppContext.h"
#include "models/NotificationsModel.h"
#include "models/OrdersModel.h"
#include "models/PositionsModel.h"
#include "screens/MainWindow.h"
#include "screens/customer/OrderDialog.h"
#include "screens/staff/DeliveriesPage.h"
#include "screens/staff/StockPage.h"

#include <QCheckBox>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>
#include <memory>

using lotok::test::child;
using lotok::test::rowWithText;
using lotok::test::waitFor;

using namespace lotok::test::e2e;

TEST_CASE("a customer registers, tops up, orders, and sees it confirmed and notified",
          "[e2e][customer]") {
    lotok::test::LotokdProcess server;
    const QString url = q(server.publicUrl());
    const QString staffPassword = q(server.addStaff("boss"));
    StaffApi staff(url, QStringLiteral("boss"), staffPassword);
    staff.addPosition(QStringLiteral("Tea"), 25000, 10);

    AppWindow app(url);
    const QString login = lotok::test::uniqueName("anna");
    app.registerCustomer(login, QStringLiteral("correct-horse-1"));
    CHECK(app.find<QLabel>(QStringLiteral("userLabel"))->text() == login);
    REQUIRE(waitFor([&] { return app.context->balance() == 0; }));

    app.topUp(QStringLiteral("1000"));
    auto* balance = app.find<QLabel>(QStringLiteral("balanceValue"));
    REQUIRE(waitFor([&] { return balance->text() == QStringLiteral("1,000.00 \u20BD"); }));
    CHECK(app.find<QLabel>(QStringLiteral("headerBalance"))
              ->text()
              .contains(QStringLiteral("1,000.00")));
    CHECK(app.find<QLineEdit>(QStringLiteral("topUpAmountEdit"))->text().isEmpty());

    app.addToCart(QStringLiteral("Tea"), 2);
    CHECK(app.find<QLabel>(QStringLiteral("cartTotal"))->text().contains(QStringLiteral("500.00")));
    app.placeOrder();
    REQUIRE(waitFor([&] {
        return app.bannerText(QStringLiteral("catalogueBanner"))
            .contains(QStringLiteral("is confirmed"));
    }));
    CHECK(app.find<QTableView>(QStringLiteral("cartTable"))->model()->rowCount() == 0);
    // The new balance and the stock appear without a manual refresh.
    REQUIRE(waitFor([&] { return app.context->balance() == 50000; }));
    auto* positions = app.context->positions();
    REQUIRE(waitFor([&] {
        return positions->positions().size() == 1 && positions->positions().first().count == 8;
    }));

    REQUIRE(app.window->showPage(QStringLiteral("ordersPage")));
    auto* orders = app.find<QTableView>(QStringLiteral("ordersTable"));
    REQUIRE(orders->model()->rowCount() == 1);
    CHECK(orders->model()->index(0, OrdersModel::StatusColumn).data().toString() ==
          QStringLiteral("Confirmed"));
    CHECK(orders->model()
              ->index(0, OrdersModel::TotalColumn)
              .data()
              .toString()
              .contains(QStringLiteral("500.00")));
    const qint64 orderId = newestOrderId(app);

    REQUIRE(waitFor(
        [&] { return app.hasNotification(QStringLiteral("order_ready_for_delivery"), orderId); }));
    CHECK(app.find<QToolButton>(QStringLiteral("bellButton"))
              ->text()
              .contains(QStringLiteral("(1)")));
    REQUIRE(app.window->showPage(QStringLiteral("notificationsPage")));
    CHECK(app.find<QWidget>(QStringLiteral("notificationsList")) != nullptr);
}

TEST_CASE("a rejected order shows its reason and what to do next", "[e2e][customer]") {
    lotok::test::LotokdProcess server;
    const QString url = q(server.publicUrl());
    StaffApi staff(url, QStringLiteral("boss"), q(server.addStaff("boss")));
    const qint64 tea = staff.addPosition(QStringLiteral("Tea"), 25000, 10);

    AppWindow app(url);
    app.registerCustomer(lotok::test::uniqueName("boris"), QStringLiteral("correct-horse-2"));

    SECTION("not enough money") {
        app.addToCart(QStringLiteral("Tea"), 3);
        app.placeOrder();
        REQUIRE(waitFor([&] {
            return app.bannerText(QStringLiteral("catalogueBanner"))
                .contains(QStringLiteral("Not enough money"));
        }));
        // The cart survives so nothing the user chose is lost.
        CHECK(app.find<QTableView>(QStringLiteral("cartTable"))->model()->rowCount() == 1);
        auto* action = child<QPushButton>(app.find<QWidget>(QStringLiteral("catalogueBanner")),
                                          QStringLiteral("bannerAction"));
        REQUIRE(action->isVisible());
        QTest::mouseClick(action, Qt::LeftButton);
        CHECK(app.find<QLineEdit>(QStringLiteral("topUpAmountEdit"))->text() ==
              QStringLiteral("750.00"));

        // The balance is known to be short: the order is stopped before it is sent (issue 13),
        // so the server keeps no rejected order.
        REQUIRE(app.window->showPage(QStringLiteral("ordersPage")));
        QTest::qWait(300);
        CHECK(app.find<QTableView>(QStringLiteral("ordersTable"))->model()->rowCount() == 0);
    }

    SECTION("not enough stock") {
        app.topUp(QStringLiteral("5000"));
        REQUIRE(waitFor([&] { return app.context->balance() == 500000; }));
        app.addToCart(QStringLiteral("Tea"), 5);
        // Someone else buys most of it while the customer hesitates.
        staff.adjust(tea, -7);
        app.placeOrder();
        REQUIRE(waitFor([&] {
            return app.bannerText(QStringLiteral("catalogueBanner"))
                .contains(QStringLiteral("Not enough goods"));
        }));
        CHECK(app.context->balance() == 500000);
        auto* action = child<QPushButton>(app.find<QWidget>(QStringLiteral("catalogueBanner")),
                                          QStringLiteral("bannerAction"));
        REQUIRE(waitFor([&] { return app.context->positions()->positions().first().count == 3; }));
        QTest::mouseClick(action, Qt::LeftButton); // "Fit the cart to stock"
        auto* cart = app.find<QTableView>(QStringLiteral("cartTable"));
        CHECK(cart->model()->index(0, 2).data().toString() == QStringLiteral("3"));
        app.placeOrder();
        REQUIRE(waitFor([&] {
            return app.bannerText(QStringLiteral("catalogueBanner"))
                .contains(QStringLiteral("is confirmed"));
        }));
        REQUIRE(app.window->showPage(QStringLiteral("ordersPage")));
        auto* orders = app.find<QTableView>(QStringLiteral("ordersTable"));
        REQUIRE(waitFor([&] { return orders->model()->rowCount() == 2; }));
        CHECK(orders->model()->index(1, OrdersModel::StatusColumn).data().toString() ==
              QStringLiteral("Rejected: not enough goods in stock"));
    }
}

TEST_CASE("staff add a position and move a delivery, and the customer's window shows both",
          "[e2e][staff]") {
    lotok::test::LotokdProcess server;
    const QString url = q(server.publicUrl());
    const QString staffPassword = q(server.addStaff("keeper"));

    AppWindow staffApp(url);
    staffApp.signIn(QStringLiteral("keeper"), staffPassword);
    CHECK(staffApp.window->pageNames() ==
          QStringList({QStringLiteral("staffOrdersPage"), QStringLiteral("deliveriesPage"),
                       QStringLiteral("stockPage"), QStringLiteral("statsPage")}));
    REQUIRE(staffApp.window->showPage(QStringLiteral("stockPage")));
    QTest::keyClicks(staffApp.find<QLineEdit>(QStringLiteral("newPositionNameEdit")),
                     QStringLiteral("Honey"));
    QTest::keyClicks(staffApp.find<QLineEdit>(QStringLiteral("newPositionPriceEdit")),
                     QStringLiteral("640"));
    staffApp.find<QSpinBox>(QStringLiteral("newPositionCount"))->setValue(12);
    QTest::mouseClick(staffApp.find<QPushButton>(QStringLiteral("addPositionButton")),
                      Qt::LeftButton);
    auto* stock = staffApp.find<QTableView>(QStringLiteral("stockTable"));
    REQUIRE(waitFor([&] {
        return rowWithText(stock->model(), PositionsModel::NameColumn, QStringLiteral("Honey")) >=
               0;
    }));
    CHECK(staffApp.context->positions()->positions().first().price == 64000);

    AppWindow customer(url);
    customer.registerCustomer(lotok::test::uniqueName("vera"), QStringLiteral("correct-horse-3"));
    customer.topUp(QStringLiteral("2000"));
    REQUIRE(waitFor([&] { return customer.context->balance() == 200000; }));
    customer.addToCart(QStringLiteral("Honey"), 2);
    customer.placeOrder();
    REQUIRE(waitFor([&] { return newestOrderId(customer) > 0; }));
    const qint64 orderId = newestOrderId(customer);

    // Staff see the count drop and the delivery appear without refreshing.
    REQUIRE(
        waitFor([&] { return staffApp.context->positions()->positions().first().count == 10; }));
    REQUIRE(staffApp.window->showPage(QStringLiteral("deliveriesPage")));
    auto* page = staffApp.find<DeliveriesPage>(QStringLiteral("deliveriesPage"));
    auto* awaiting = staffApp.find<QTableView>(QStringLiteral("awaiting_shipmentTable"));
    REQUIRE(waitFor([&] { return awaiting->model()->rowCount() == 1; }));
    CHECK(awaiting->model()->index(0, 1).data().toString() == QStringLiteral("Anna Petrova"));
    CHECK(awaiting->model()->index(0, 2).data().toString() ==
          QStringLiteral("12 Garden Street, Tver"));

    auto confirm = [&](const QString& buttonName) {
        auto* button = staffApp.find<QPushButton>(buttonName);
        REQUIRE(waitFor([&] { return button->isEnabled(); }));
        QTest::mouseClick(button, Qt::LeftButton);
        QMessageBox* box = nullptr;
        REQUIRE(waitFor([&] {
            // The previous question may linger, hidden, until its deferred delete.
            for (auto* candidate :
                 staffApp.window->findChildren<QMessageBox*>(QStringLiteral("confirmDialog"))) {
                if (candidate->isVisible()) {
                    box = candidate;
                }
            }
            return box != nullptr;
        }));
        CHECK(box->text().contains(QStringLiteral("#%1").arg(orderId)));
        QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    };

    awaiting->setCurrentIndex(awaiting->model()->index(0, 0));
    confirm(QStringLiteral("markSentButton"));
    auto* sent = staffApp.find<QTableView>(QStringLiteral("sentTable"));
    REQUIRE(waitFor(
        [&] { return sent->model()->rowCount() == 1 && awaiting->model()->rowCount() == 0; }));
    REQUIRE(
        waitFor([&] { return customer.hasNotification(QStringLiteral("order_sent"), orderId); }));

    page->tabs()->setCurrentIndex(1);
    sent->setCurrentIndex(sent->model()->index(0, 0));
    confirm(QStringLiteral("markReceivedButton"));
    auto* received = staffApp.find<QTableView>(QStringLiteral("receivedTable"));
    REQUIRE(waitFor(
        [&] { return received->model()->rowCount() == 1 && sent->model()->rowCount() == 0; }));
    REQUIRE(waitFor(
        [&] { return customer.hasNotification(QStringLiteral("order_delivered"), orderId); }));

    // The customer's order page shows the delivery and its timeline.
    OrderDialog dialog(customer.context.get(), orderId, customer.window.get());
    dialog.show();
    auto* timeline = child<QTreeWidget>(&dialog, QStringLiteral("orderTimeline"));
    REQUIRE(waitFor([&] { return timeline->topLevelItemCount() == 4; }));
    CHECK(timeline->topLevelItem(2)->text(0) == QStringLiteral("Sent"));
    CHECK(timeline->topLevelItem(3)->text(0) == QStringLiteral("Received"));
    CHECK(child<QLabel>(&dialog, QStringLiteral("orderDeliveryStatus"))->text() ==
          QStringLiteral("Received"));
}

TEST_CASE("notifications resume after a dropped connection with none missed or repeated",
          "[e2e][live]") {
    lotok::test::LotokdProcess server;
    const QString url = q(server.publicUrl());
    StaffApi staff(url, QStringLiteral("boss"), q(server.addStaff("boss")));
    staff.addPosition(QStringLiteral("Tea"), 25000, 10);

    AppWindow app(url);
    app.registerCustomer(lotok::test::uniqueName("gleb"), QStringLiteral("correct-horse-4"));
    const qint64 orderId = buyOne(app, QStringLiteral("Tea"));
    REQUIRE(waitFor(
        [&] { return app.hasNotification(QStringLiteral("order_ready_for_delivery"), orderId); }));

    // The connection drops; two things happen meanwhile.
    app.context->notificationStream()->stop();
    staff.advance(QStringLiteral("/api/v1/order/sent"), orderId);
    staff.advance(QStringLiteral("/api/v1/order/recieved"), orderId);
    QTest::qWait(500);
    CHECK_FALSE(app.hasNotification(QStringLiteral("order_sent"), orderId));

    app.context->notificationStream()->start();
    REQUIRE(
        waitFor([&] { return app.hasNotification(QStringLiteral("order_delivered"), orderId); }));
    QTest::qWait(500);
    CHECK(app.countNotifications(QStringLiteral("order_sent"), orderId) == 1);
    CHECK(app.countNotifications(QStringLiteral("order_delivered"), orderId) == 1);
    CHECK(app.countNotifications(QStringLiteral("order_ready_for_delivery"), orderId) == 1);
}

TEST_CASE("a customer never sees staff pages", "[e2e][roles]") {
    lotok::test::LotokdProcess server;
    AppWindow app(q(server.publicUrl()));
    app.registerCustomer(lotok::test::uniqueName("dina"), QStringLiteral("correct-horse-5"));
    CHECK(app.window->pageNames() ==
          QStringList({QStringLiteral("cataloguePage"), QStringLiteral("balancePage"),
                       QStringLiteral("ordersPage"), QStringLiteral("notificationsPage")}));
    CHECK(app.window->findChild<StockPage*>() == nullptr);
    CHECK(app.window->findChild<DeliveriesPage*>() == nullptr);
    CHECK_FALSE(app.window->showPage(QStringLiteral("stockPage")));
    CHECK_FALSE(app.context->staffStream()->isRunning());
}

TEST_CASE("the orders list pages through the server's cursor as it scrolls", "[e2e][customer]") {
    lotok::test::LotokdProcess server;
    const QString url = q(server.publicUrl());
    StaffApi staff(url, QStringLiteral("boss"), q(server.addStaff("boss")));
    const qint64 bread = staff.addPosition(QStringLiteral("Bread"), 100, 1000);

    AppWindow app(url);
    const QString login = lotok::test::uniqueName("egor");
    const QString password = QStringLiteral("correct-horse-6");
    app.registerCustomer(login, password);

    // 25 orders, more than one page of 20, placed as another client of the same account.
    SignedInApi otherDevice(url, login, password);
    auto& other = otherDevice.api;
    REQUIRE(apiCall(other, QStringLiteral("POST"), QStringLiteral("/api/v1/account"),
                    {{QStringLiteral("amount"), 100000}})
                .ok());
    const QJsonArray items{
        QJsonObject{{QStringLiteral("position_id"), bread}, {QStringLiteral("count"), 1}}};
    for (int i = 0; i < 25; ++i) {
        REQUIRE(apiCall(other, QStringLiteral("POST"), QStringLiteral("/api/v1/order"),
                        {{QStringLiteral("items"), items}})
                    .ok());
    }

    REQUIRE(app.window->showPage(QStringLiteral("ordersPage")));
    auto* view = app.find<QTableView>(QStringLiteral("ordersTable"));
    app.window->resize(1100, 420); // fewer rows fit than one page holds
    QTest::mouseClick(app.find<QPushButton>(QStringLiteral("refreshOrdersButton")), Qt::LeftButton);
    REQUIRE(waitFor([&] { return view->model()->rowCount() >= 20; }));
    view->scrollToBottom();
    REQUIRE(waitFor([&] {
        view->scrollToBottom();
        return view->model()->rowCount() == 25;
    }));
    QTest::qWait(300);
    CHECK(view->model()->rowCount() == 25);
    CHECK_FALSE(app.context->orders()->canFetchMore({}));
}

TEST_CASE("the server's errors appear next to the field they name", "[e2e][login]") {
    lotok::test::LotokdProcess server;
    const QString url = q(server.publicUrl());
    const QString login = lotok::test::uniqueName("zoya");
    {
        AppWindow first(url);
        first.registerCustomer(login, QStringLiteral("correct-horse-7"));
    }

    AppWindow app(url);
    app.find<QTabWidget>(QStringLiteral("loginTabs"))->setCurrentIndex(1);
    const QList<QPair<QString, QString>> fields = {
        {QStringLiteral("registerLoginEdit"), login},
        {QStringLiteral("registerPasswordEdit"), QStringLiteral("another-pass-1")},
        {QStringLiteral("registerEmailEdit"), QStringLiteral("second@example.com")},
        {QStringLiteral("registerFirstNameEdit"), QStringLiteral("Zoya")},
        {QStringLiteral("registerLastNameEdit"), QStringLiteral("Ivanova")},
        {QStringLiteral("registerAddressEdit"), QStringLiteral("1 Main Street")}};
    for (const auto& [name, value] : fields) {
        QTest::keyClicks(app.find<QLineEdit>(name), value);
    }
    QTest::mouseClick(app.find<QPushButton>(QStringLiteral("registerButton")), Qt::LeftButton);
    auto* loginError = app.find<QLabel>(QStringLiteral("registerLoginError"));
    REQUIRE(waitFor([&] { return loginError->isVisible(); }));
    CHECK(loginError->text() == QStringLiteral("This login is already taken. Choose another one."));
    // Everything typed is still there to fix and resend.
    CHECK(app.find<QLineEdit>(QStringLiteral("registerAddressEdit"))->text() ==
          QStringLiteral("1 Main Street"));
    CHECK_FALSE(app.context->isSignedIn());

    // A wrong password names no field: it is said once, above the form.
    app.find<QTabWidget>(QStringLiteral("loginTabs"))->setCurrentIndex(0);
    QTest::keyClicks(app.find<QLineEdit>(QStringLiteral("signInLoginEdit")), login);
    QTest::keyClicks(app.find<QLineEdit>(QStringLiteral("signInPasswordEdit")),
                     QStringLiteral("wrong-password"));
    QTest::mouseClick(app.find<QPushButton>(QStringLiteral("signInButton")), Qt::LeftButton);
    REQUIRE(waitFor([&] {
        return app.bannerText(QStringLiteral("loginBanner")) ==
               QStringLiteral("The login or the password is wrong.");
    }));
    CHECK_FALSE(app.context->isSignedIn());
}
