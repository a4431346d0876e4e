// Issue 13: the staff window works at 683 px wide in English and in Russian: every page fits
// (the window does not grow past 683 px), and no label, button or box on it is squeezed
// below the width its text needs (columns elide instead; long labels wrap). No server: a
// staff session against an address where nothing listens builds the same pages.
#include "DesktopTestUtil.h"
#include "core/AppContext.h"
#include "core/Translations.h"
#include "models/DeliveriesModel.h"
#include "models/OrdersModel.h"
#include "models/PositionsModel.h"
#include "screens/MainWindow.h"
#include "screens/customer/OrdersPage.h"
#include "screens/staff/DeliveriesPage.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QStackedWidget>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>

namespace {

// What is squeezed on the page on screen: "objectName or text: width < needed".
QStringList clipped(QWidget* page) {
    QStringList out;
    const auto check = [&](QWidget* widget, const QString& what) {
        if (!widget->isVisibleTo(page) || widget->width() <= 0) {
            return;
        }
        // Inside a tab bar or a header, text elides by design.
        for (auto* p = widget->parentWidget(); p && p != page; p = p->parentWidget()) {
            if (qobject_cast<QTabBar*>(p)) {
                return;
            }
        }
        const int needed = widget->minimumSizeHint().width();
        if (widget->width() < needed) {
            out << QStringLiteral("%1 (%2): %3 < %4")
                       .arg(widget->objectName(), what)
                       .arg(widget->width())
                       .arg(needed);
        }
    };
    for (auto* label : page->findChildren<QLabel*>()) {
        if (!label->wordWrap() && !label->text().isEmpty()) {
            check(label, label->text());
        }
    }
    for (auto* button : page->findChildren<QAbstractButton*>()) {
        if (!button->text().isEmpty()) {
            check(button, button->text());
        }
    }
    for (auto* box : page->findChildren<QComboBox*>()) {
        check(box, box->currentText());
    }
    return out;
}

// What a real shop's lists put on the pages (their longest texts): hundreds of orders
// loaded a page at a time, positions low on stock and archived, deliveries selected.
void fill(MainWindow& window, AppContext& context) {
    QList<Position> positions;
    QList<Order> orders;
    QList<Delivery> deliveries;
    for (qint64 id = 1; id <= 600; ++id) {
        Position position;
        position.id = id;
        position.name =
            QStringLiteral("Buckwheat honey from the Altai foothills, 500 g, no. %1").arg(id);
        position.price = 123456789;
        position.count = id % 50 == 0 ? 2 : 1000000;
        position.archived = id % 97 == 0;
        positions.append(position);
        Order order;
        order.id = 100000 + id;
        order.status = QStringLiteral("confirmed");
        order.total = 123456789;
        order.createdAt = QDateTime::currentDateTimeUtc();
        order.items.append({id, position.name, 12, 10288065});
        order.customerLogin = QStringLiteral("konstantin.konstantinopolsky");
        order.customerName = QStringLiteral("Konstantin Konstantinopolsky");
        order.deliveryStatus = QStringLiteral("awaiting_shipment");
        orders.append(order);
        Delivery delivery;
        delivery.orderId = order.id;
        delivery.status = id % 3 == 0   ? QStringLiteral("received")
                          : id % 3 == 1 ? QStringLiteral("awaiting_shipment")
                                        : QStringLiteral("sent");
        delivery.address = QStringLiteral("Moscow, Bolshaya Pirogovskaya street 21, flat 1024");
        delivery.customerName = order.customerName;
        delivery.createdAt = order.createdAt;
        delivery.sentAt = order.createdAt;
        delivery.receivedAt = order.createdAt;
        deliveries.append(delivery);
    }
    context.positions()->setPositions(positions);
    lotok::test::child<OrdersPage>(&window, QStringLiteral("staffOrdersPage"))
        ->model()
        ->setCached(orders);
    auto* page = lotok::test::child<DeliveriesPage>(&window, QStringLiteral("deliveriesPage"));
    for (const auto& status : {QStringLiteral("awaiting_shipment"), QStringLiteral("sent"),
                               QStringLiteral("received")}) {
        page->model(status)->setDeliveries(deliveries);
    }
    // A search that matches a part: the tabs say "(n of m)", the longest they get.
    QTest::keyClicks(lotok::test::child<QLineEdit>(page, QStringLiteral("deliveriesSearch")),
                     QStringLiteral("10"));
    auto* awaiting = lotok::test::child<QTableView>(page, QStringLiteral("awaiting_shipmentTable"));
    awaiting->selectionModel()->select(
        QItemSelection(awaiting->model()->index(0, 0), awaiting->model()->index(1, 0)),
        QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

} // namespace

TEST_CASE("the staff window works at 683 px in English and Russian", "[offline][narrow]") {
    for (const auto& language : {QStringLiteral("en"), QStringLiteral("ru")}) {
        DYNAMIC_SECTION("language " << language.toStdString()) {
            Translations::install(language);
            QTemporaryDir dir;
            AppContext::Options options;
            options.serverUrl = QStringLiteral("http://127.0.0.1:9");
            options.cachePath = dir.filePath(QStringLiteral("cache.sqlite"));
            options.keychainService = QStringLiteral("lotok-test-narrow");
            AppContext context(options);
            MainWindow window(&context);
            window.setTrayAvailable(false);
            window.resize(683, 700);
            window.show();
            Session session;
            session.token = QStringLiteral("staff-token");
            session.userId = 1;
            session.role = QStringLiteral("staff");
            session.login = QStringLiteral("keeper");
            context.beginSession(session, false);
            window.resize(683, 700);
            QCoreApplication::processEvents();
            REQUIRE(window.pageNames().size() == 4);
            fill(window, context);
            // Wide first, every page shown, then narrowed: as a user drags the window.
            window.resize(1100, 700);
            for (const auto& name : window.pageNames()) {
                window.showPage(name);
                QTest::qWait(20);
            }
            window.showPage(window.pageNames().constFirst());
            window.resize(683, 700);
            QTest::qWait(50);
            window.resize(683, 700);
            QTest::qWait(50);

            // All pages together: the stack is as wide as its widest page.
            CHECK(window.minimumSizeHint().width() <= 683);
            for (const auto& name : window.pageNames()) {
                INFO(language.toStdString() << " " << name.toStdString());
                REQUIRE(window.showPage(name));
                window.resize(683, 700);
                QCoreApplication::processEvents();
                CHECK(window.width() == 683);
                INFO("window minimum "
                     << window.minimumSizeHint().width() << ", page minimum "
                     << lotok::test::child<QWidget>(&window, name)->minimumSizeHint().width());
                auto* page = lotok::test::child<QWidget>(&window, name);
                const auto squeezed = clipped(page);
                INFO(squeezed.join(QStringLiteral("; ")).toStdString());
                CHECK(squeezed.isEmpty());
            }
            context.endSession(false);
        }
    }
    Translations::install(QStringLiteral("en"));
}
