// Renders every screen of the app into PNG files, for docs/screenshots and for looking at the
// layouts. Against a running lotokd (--server) it seeds a small shop through the public API
// (a customer, a staff member's positions, orders in every state) and signs in for real.
//
//   lotok_screenshots --server URL --staff-login L --staff-password P --out DIR --language en
#include "api/ApiClient.h"
#include "core/AppContext.h"
#include "core/Translations.h"
#include "models/CartModel.h"
#include "models/NotificationsModel.h"
#include "models/OrdersModel.h"
#include "models/PositionsModel.h"
#include "screens/LoginPage.h"
#include "screens/MainWindow.h"
#include "screens/PasswordDialog.h"
#include "screens/ProfileDialog.h"
#include "screens/SettingsDialog.h"
#include "screens/customer/CheckoutDialog.h"
#include "screens/customer/OrderDialog.h"
#include "screens/customer/OrdersPage.h"
#include "screens/customer/ProductDialog.h"
#include "screens/staff/DeliveriesPage.h"
#include "screens/staff/StatsPage.h"

#include <QAbstractButton>
#include <QApplication>
#include <QBuffer>
#include <QCheckBox>
#include <QCommandLineParser>
#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTreeWidget>
#include <QUuid>
#include <algorithm>

namespace {

QTextStream err(stderr);

// A blocking helper for this tool only: it runs before and between renders, never in the app.
ApiResult call(ApiClient& api, const QString& method, const QString& path,
               const QJsonObject& body = {}) {
    std::optional<ApiResult> result;
    if (method == QLatin1String("GET")) {
        api.get(path, {}, nullptr, [&](const ApiResult& r) { result = r; });
    } else {
        api.post(path, body, nullptr, [&](const ApiResult& r) { result = r; });
    }
    (void)QTest::qWaitFor([&] { return result.has_value(); }, 20000);
    if (!result) {
        err << "timeout: " << method << ' ' << path << Qt::endl;
        std::exit(2);
    }
    return *result;
}

QString login(ApiClient& api, const QString& name, const QString& password) {
    api.setToken({});
    const auto r = call(api, QStringLiteral("POST"), QStringLiteral("/api/v1/login"),
                        {{QStringLiteral("login"), name}, {QStringLiteral("password"), password}});
    if (!r.ok()) {
        err << "login failed for " << name << ": " << r.error->message << Qt::endl;
        std::exit(2);
    }
    const auto token = r.object().value(QLatin1String("token")).toString();
    api.setToken(token);
    return token;
}

struct Seed {
    QString customer;
    QString password = QStringLiteral("screenshot-pass");
    qint64 confirmedOrder = 0;
};

Seed seedShop(const QString& server, const QString& staffLogin, const QString& staffPassword) {
    Seed seed;
    ApiClient api;
    api.setBaseUrl(QUrl(server));
    login(api, staffLogin, staffPassword);
    QHash<QString, qint64> ids;
    const QList<std::tuple<QString, qint64, qint64>> goods = {
        {QStringLiteral("Darjeeling tea, 100 g"), 25000, 40},
        {QStringLiteral("Buckwheat honey, 500 g"), 64000, 12},
        {QStringLiteral("Rye bread"), 8900, 25},
        {QStringLiteral("Farm butter, 200 g"), 21500, 3},
        {QStringLiteral("Cranberry jam"), 31000, 0},
        {QStringLiteral("Oat cookies"), 12900, 60},
    };
    // A second run against the same server (the 200 % pass) reuses the goods.
    const auto existing =
        call(api, QStringLiteral("GET"), QStringLiteral("/api/v1/stock/positions"));
    for (const auto& value : existing.object().value(QLatin1String("positions")).toArray()) {
        const auto object = value.toObject();
        ids.insert(object.value(QLatin1String("name")).toString(),
                   object.value(QLatin1String("id")).toInteger());
    }
    // Categories and a description, so the grid's filter and the product page have something
    // to show (a second run finds the categories taken and reads them back).
    QHash<QString, qint64> categories;
    for (const auto* name : {"Tea", "Bakery", "Pantry"}) {
        call(api, QStringLiteral("POST"), QStringLiteral("/api/v1/staff/categories"),
             {{QStringLiteral("name"), QString::fromLatin1(name)}});
    }
    for (const auto& value :
         call(api, QStringLiteral("GET"), QStringLiteral("/api/v1/stock/categories"))
             .object()
             .value(QLatin1String("categories"))
             .toArray()) {
        categories.insert(value.toObject().value(QLatin1String("name")).toString(),
                          value.toObject().value(QLatin1String("id")).toInteger());
    }
    const auto categoryOf = [&](const QString& name) {
        if (name.contains(QLatin1String("tea"))) {
            return categories.value(QStringLiteral("Tea"));
        }
        if (name.contains(QLatin1String("bread")) || name.contains(QLatin1String("cookies"))) {
            return categories.value(QStringLiteral("Bakery"));
        }
        return categories.value(QStringLiteral("Pantry"));
    };
    for (const auto& [name, price, count] : goods) {
        if (ids.contains(name)) {
            continue;
        }
        QJsonObject body{{QStringLiteral("name"), name},
                         {QStringLiteral("price"), price},
                         {QStringLiteral("count"), count}};
        if (const auto category = categoryOf(name); category > 0) {
            body.insert(QStringLiteral("category_id"), category);
        }
        if (name.startsWith(QLatin1String("Darjeeling"))) {
            body.insert(QStringLiteral("description"),
                        QStringLiteral("First flush from the foothills of the Himalayas: a light, "
                                       "floral black tea.\nBrew at 90 °C for three minutes."));
        }
        const auto r =
            call(api, QStringLiteral("POST"), QStringLiteral("/api/v1/stock/positions"), body);
        ids.insert(name, r.object().value(QLatin1String("id")).toInteger());
        if (name.startsWith(QLatin1String("Darjeeling"))) {
            // A picture drawn here (no image files in the repository): a cup on a warm ground.
            QImage image(480, 360, QImage::Format_RGB32);
            image.fill(QColor(0xf3, 0xe3, 0xc3));
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(0x8a, 0x4b, 0x1e));
            painter.drawEllipse(QRectF(150, 150, 180, 60));
            painter.drawRect(QRectF(150, 180, 180, 90));
            painter.drawEllipse(QRectF(150, 240, 180, 60));
            painter.setBrush(QColor(0xc9, 0x8b, 0x4a));
            painter.drawEllipse(QRectF(160, 154, 160, 48));
            painter.setPen(QPen(QColor(0x8a, 0x4b, 0x1e), 14));
            painter.setBrush(Qt::NoBrush);
            painter.drawArc(QRectF(300, 190, 70, 70), -90 * 16, 180 * 16);
            painter.end();
            QByteArray png;
            QBuffer buffer(&png);
            buffer.open(QIODevice::WriteOnly);
            image.save(&buffer, "PNG");
            bool done = false;
            api.put(QStringLiteral("/api/v1/staff/positions/%1/picture").arg(ids.value(name)), png,
                    QStringLiteral("image/png"), nullptr, [&](const ApiResult&) { done = true; });
            (void)QTest::qWaitFor([&] { return done; }, 20000);
        }
    }

    seed.customer = QStringLiteral("anna%1").arg(QDateTime::currentSecsSinceEpoch() % 100000);
    api.setToken({});
    call(api, QStringLiteral("POST"), QStringLiteral("/api/v1/register"),
         {{QStringLiteral("login"), seed.customer},
          {QStringLiteral("password"), seed.password},
          {QStringLiteral("email"), seed.customer + QStringLiteral("@example.com")},
          {QStringLiteral("first_name"), QStringLiteral("Anna")},
          {QStringLiteral("last_name"), QStringLiteral("Petrova")},
          {QStringLiteral("phone"), QStringLiteral("+7 900 123-45-67")},
          {QStringLiteral("address"), QStringLiteral("12 Garden Street, flat 4, Tver")}});
    login(api, seed.customer, seed.password);
    call(api, QStringLiteral("POST"), QStringLiteral("/api/v1/account"),
         {{QStringLiteral("amount"), 200000}});
    auto order = [&](const QString& name, qint64 count) {
        const QJsonArray items{QJsonObject{{QStringLiteral("position_id"), ids.value(name)},
                                           {QStringLiteral("count"), count}}};
        return call(api, QStringLiteral("POST"), QStringLiteral("/api/v1/order"),
                    {{QStringLiteral("items"), items}});
    };
    const auto first = order(QStringLiteral("Darjeeling tea, 100 g"), 2);
    const auto second = order(QStringLiteral("Rye bread"), 3);
    order(QStringLiteral("Farm butter, 200 g"), 5);      // insufficient stock
    order(QStringLiteral("Buckwheat honey, 500 g"), 10); // insufficient funds
    // More of the day, for the sales page's charts and best sellers.
    order(QStringLiteral("Oat cookies"), 2);
    order(QStringLiteral("Buckwheat honey, 500 g"), 1);
    seed.confirmedOrder = first.object().value(QLatin1String("id")).toInteger();
    const qint64 secondId = second.object().value(QLatin1String("id")).toInteger();

    // Move the first order along so the timeline and the delivery tabs have something.
    login(api, staffLogin, staffPassword);
    for (int attempt = 0; attempt < 50; ++attempt) {
        const auto r = call(api, QStringLiteral("POST"), QStringLiteral("/api/v1/order/sent"),
                            {{QStringLiteral("order_id"), seed.confirmedOrder}});
        if (r.ok() || r.httpStatus != 404) {
            break;
        }
        QTest::qWait(200); // the delivery appears once the confirmation event has travelled
    }
    call(api, QStringLiteral("POST"), QStringLiteral("/api/v1/order/recieved"),
         {{QStringLiteral("order_id"), seed.confirmedOrder}});
    for (int attempt = 0; attempt < 50; ++attempt) {
        if (call(api, QStringLiteral("GET"),
                 QStringLiteral("/api/v1/order/%1/delivery").arg(secondId))
                .ok()) {
            break;
        }
        QTest::qWait(200);
    }
    return seed;
}

void save(QWidget* widget, const QString& dir, const QString& language, const QString& name) {
    QTest::qWait(400);
    QApplication::processEvents();
    const auto path = QDir(dir).filePath(QStringLiteral("%1-%2.png").arg(language, name));
    if (!widget->grab().save(path)) {
        err << "cannot write " << path << Qt::endl;
        std::exit(3);
    }
    err << "wrote " << path << Qt::endl;
}

bool signIn(MainWindow& window, AppContext& context, const QString& name, const QString& password) {
    auto* page = window.loginPage();
    // The renderer has no keychain; an unticked box keeps its warning out of every picture.
    page->findChild<QCheckBox*>(QStringLiteral("keepSignedInCheck"))->setChecked(false);
    page->findChild<QLineEdit*>(QStringLiteral("signInLoginEdit"))->setText(name);
    page->findChild<QLineEdit*>(QStringLiteral("signInPasswordEdit"))->setText(password);
    page->findChild<QPushButton*>(QStringLiteral("signInButton"))->click();
    return QTest::qWaitFor([&] { return context.isSignedIn() && context.isSynced(); }, 20000);
}

} // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("LotokScreenshots"));
    QApplication::setApplicationName(QStringLiteral("lotok-screenshots"));
    QTemporaryDir home;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, home.path());
    QStandardPaths::setTestModeEnabled(true);
    Translations::initResources();

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption serverOption(QStringLiteral("server"), QStringLiteral("lotokd URL"),
                                          QStringLiteral("url"));
    const QCommandLineOption staffLoginOption(QStringLiteral("staff-login"),
                                              QStringLiteral("staff"), QStringLiteral("login"));
    const QCommandLineOption staffPasswordOption(QStringLiteral("staff-password"),
                                                 QStringLiteral("staff password"),
                                                 QStringLiteral("password"));
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("output directory"),
                                       QStringLiteral("dir"));
    const QCommandLineOption languagesOption(QStringLiteral("languages"),
                                             QStringLiteral("comma-separated, default en,ru"),
                                             QStringLiteral("list"), QStringLiteral("en,ru"));
    const QCommandLineOption scaleOption(QStringLiteral("scale-suffix"),
                                         QStringLiteral("suffix for file names, e.g. @2x"),
                                         QStringLiteral("suffix"));
    parser.addOptions({serverOption, staffLoginOption, staffPasswordOption, outOption,
                       languagesOption, scaleOption});
    parser.process(app);
    if (!parser.isSet(serverOption) || !parser.isSet(outOption)) {
        parser.showHelp(1);
    }
    const QString server = parser.value(serverOption);
    const QString out = parser.value(outOption);
    const QString suffix = parser.value(scaleOption);
    QDir().mkpath(out);

    const Seed seed =
        seedShop(server, parser.value(staffLoginOption), parser.value(staffPasswordOption));

    for (const auto& language : parser.value(languagesOption).split(QLatin1Char(','))) {
        Translations::install(language);
        AppContext::Options options;
        options.serverUrl = server;
        options.cachePath = home.filePath(language + QStringLiteral("-cache.sqlite"));
        options.keychainService = QStringLiteral("lotok-screenshots");
        auto shot = [&](QWidget* widget, const QString& name) {
            save(widget, out, language, name + suffix);
        };
        {
            AppContext context(options);
            MainWindow window(&context);
            window.resize(1100, 700);
            window.show();
            shot(&window, QStringLiteral("sign-in"));
            auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("loginTabs"));
            tabs->setCurrentIndex(1);
            auto* loginEdit = window.findChild<QLineEdit*>(QStringLiteral("registerLoginEdit"));
            loginEdit->setText(QStringLiteral("a b"));
            window.findChild<QPushButton*>(QStringLiteral("registerButton"))->click();
            shot(&window, QStringLiteral("register"));
            tabs->setCurrentIndex(0);

            if (!signIn(window, context, seed.customer, seed.password)) {
                err << "customer sign in failed" << Qt::endl;
                return 2;
            }
            (void)QTest::qWaitFor([&] { return context.notifications()->rowCount() >= 4; }, 10000);
            window.showPage(QStringLiteral("cataloguePage"));
            auto* positions = window.findChild<QTableView*>(QStringLiteral("positionsTable"));
            positions->selectRow(0);
            window.findChild<QSpinBox*>(QStringLiteral("quantitySpin"))->setValue(2);
            window.findChild<QPushButton*>(QStringLiteral("addToCartButton"))->click();
            positions->selectRow(2);
            window.findChild<QPushButton*>(QStringLiteral("addToCartButton"))->click();
            shot(&window, QStringLiteral("catalogue"));
            {
                // The grid (the user's other choice; kept in the settings, so back to the list
                // after), and one product's page.
                auto* grid =
                    window.findChild<QAbstractButton*>(QStringLiteral("catalogueGridButton"));
                grid->click();
                QTest::qWait(200);
                shot(&window, QStringLiteral("catalogue-grid"));
                window.findChild<QAbstractButton*>(QStringLiteral("catalogueTableButton"))->click();
                auto products = context.positions()->positions();
                std::stable_partition(products.begin(), products.end(),
                                      [](const Position& p) { return !p.description.isEmpty(); });
                if (!products.isEmpty()) {
                    ProductDialog product(&context, products.front(), &window);
                    product.show();
                    QTest::qWait(1500); // the picture comes from the server
                    shot(&product, QStringLiteral("product"));
                }
            }
            {
                // The checkout step, for a cart the balance pays (the one above is short).
                CartModel cart;
                for (const auto& position : context.positions()->positions()) {
                    if (position.name == QLatin1String("Rye bread")) {
                        cart.add(position, 2);
                    } else if (position.name == QLatin1String("Oat cookies")) {
                        cart.add(position, 1);
                    }
                }
                CheckoutDialog dialog(&context, &cart, &window);
                dialog.show();
                (void)QTest::qWaitFor([&] { return !dialog.address().isEmpty(); }, 10000);
                shot(&dialog, QStringLiteral("checkout"));
            }
            {
                ProfileDialog dialog(&context, &window);
                dialog.show();
                (void)QTest::qWaitFor([&] { return dialog.profile().has_value(); }, 10000);
                shot(&dialog, QStringLiteral("profile"));
                // A new password as typed: too short, and the repeat not the same.
                PasswordDialog password(&context, &dialog);
                password.show();
                password.findChild<QLineEdit*>(QStringLiteral("passwordOldEdit"))
                    ->setText(seed.password);
                password.findChild<QLineEdit*>(QStringLiteral("passwordNewEdit"))
                    ->setText(QStringLiteral("short"));
                password.findChild<QLineEdit*>(QStringLiteral("passwordRepeatEdit"))
                    ->setText(QStringLiteral("shorter"));
                password.findChild<QPushButton*>(QStringLiteral("passwordChangeButton"))->click();
                shot(&password, QStringLiteral("password"));
            }
            window.showPage(QStringLiteral("balancePage"));
            shot(&window, QStringLiteral("balance"));
            window.showPage(QStringLiteral("ordersPage"));
            shot(&window, QStringLiteral("orders"));
            {
                OrderDialog dialog(&context, seed.confirmedOrder, &window);
                dialog.show();
                (void)QTest::qWaitFor(
                    [&] {
                        return dialog.findChild<QWidget*>(QStringLiteral("orderTimeline")) &&
                               dialog.findChild<QTreeWidget*>(QStringLiteral("orderTimeline"))
                                       ->topLevelItemCount() >= 4;
                    },
                    10000);
                shot(&dialog, QStringLiteral("order"));
            }
            window.showPage(QStringLiteral("notificationsPage"));
            shot(&window, QStringLiteral("notifications"));
            {
                SettingsDialog dialog(context.settings(), context.serverUrl(), &window);
                dialog.show();
                shot(&dialog, QStringLiteral("settings"));
            }
            context.endSession(true);
            QTest::qWait(300);
        }
        {
            AppContext context(options);
            MainWindow window(&context);
            window.resize(1100, 700);
            window.show();
            if (!signIn(window, context, parser.value(staffLoginOption),
                        parser.value(staffPasswordOption))) {
                err << "staff sign in failed" << Qt::endl;
                return 2;
            }
            QTest::qWait(800);
            window.showPage(QStringLiteral("staffOrdersPage"));
            shot(&window, QStringLiteral("staff-orders"));
            {
                auto* board = window.findChild<OrdersPage*>(QStringLiteral("staffOrdersPage"));
                OrderDialog dialog(&context, seed.confirmedOrder, &window);
                if (auto order =
                        board->model()->orderAt(board->model()->rowOf(seed.confirmedOrder))) {
                    dialog.setOrder(*order);
                }
                dialog.show();
                (void)QTest::qWaitFor(
                    [&] {
                        const auto html = dialog.pickListHtml();
                        return html.contains(QStringLiteral("Garden Street")) &&
                               html.contains(QStringLiteral("123-45-67"));
                    },
                    10000);
                shot(&dialog, QStringLiteral("staff-order-pick-list"));
            }
            window.showPage(QStringLiteral("stockPage"));
            shot(&window, QStringLiteral("staff-stock"));
            window.showPage(QStringLiteral("deliveriesPage"));
            auto* deliveries = window.findChild<DeliveriesPage*>(QStringLiteral("deliveriesPage"));
            shot(&window, QStringLiteral("staff-deliveries"));
            deliveries->tabs()->setCurrentIndex(2);
            shot(&window, QStringLiteral("staff-deliveries-received"));
            deliveries->tabs()->setCurrentIndex(0);
            window.showPage(QStringLiteral("statsPage"));
            auto* stats = window.findChild<StatsPage*>(QStringLiteral("statsPage"));
            (void)QTest::qWaitFor([&] { return stats->isLoaded(); }, 10000);
            shot(&window, QStringLiteral("staff-sales"));
            // The narrowest window the back office is made for.
            window.resize(683, 700);
            // The first step lets the window turn compact (icons only), the second gets there.
            QTest::qWait(200);
            window.resize(683, 700);
            for (const auto& page :
                 {QStringLiteral("staffOrdersPage"), QStringLiteral("deliveriesPage"),
                  QStringLiteral("stockPage"), QStringLiteral("statsPage")}) {
                window.showPage(page);
                shot(&window,
                     QStringLiteral("staff-%1-683")
                         .arg(page == QLatin1String("staffOrdersPage") ? QStringLiteral("orders")
                              : page == QLatin1String("deliveriesPage")
                                  ? QStringLiteral("deliveries")
                              : page == QLatin1String("stockPage") ? QStringLiteral("stock")
                                                                   : QStringLiteral("sales")));
            }
            context.endSession(true);
            QTest::qWait(300);
        }
    }
    return 0;
}
