// Issue 15, item 2: the Balance page shows the account statement from a real lotokd — each
// top-up and payment with the balance it left, newest first, more pages on "Load more" and
// as it scrolls, exported as CSV exactly as shown — driven through the real widgets.
#include "EndToEndSupport.h"
#include "core/CsvExport.h"
#include "core/Format.h"
#include "models/TransactionsModel.h"
#include "screens/customer/BalancePage.h"

#include <QScrollBar>

using namespace lotok::test::e2e;

namespace {

QString cell(QAbstractItemModel* model, int row, int column) {
    return model->index(row, column).data().toString();
}

} // namespace

TEST_CASE("the balance page shows the statement that pages and exports as CSV", "[e2e][customer]") {
    lotok::test::LotokdProcess server;
    const QString url = q(server.publicUrl());
    StaffApi staff(url, QStringLiteral("till"), q(server.addStaff("till")));
    const qint64 tea = staff.addPosition(QStringLiteral("Tea"), 2500, 100);
    staff.addPosition(QStringLiteral("Honey"), 2500, 100);

    AppWindow app(url);
    // Fewer rows fit than a page holds, so the view asks for more only when scrolled.
    app.window->resize(1100, 520);
    const QString login = lotok::test::uniqueName("olga");
    const QString password = QStringLiteral("correct-horse-7");
    app.registerCustomer(login, password);
    auto* page = app.find<BalancePage>(QStringLiteral("balancePage"));
    auto* model = page->transactions();
    model->setPageSize(10); // 23 lines: three pages
    auto* view = app.find<QTableView>(QStringLiteral("transactionsTable"));
    auto* more = app.find<QPushButton>(QStringLiteral("loadMoreTransactionsButton"));
    auto* count = app.find<QLabel>(QStringLiteral("transactionsCount"));

    // A new account: the page says there is nothing yet, and offers no export.
    REQUIRE(app.window->showPage(QStringLiteral("balancePage")));
    REQUIRE(waitFor([&] { return model->isComplete(); }));
    CHECK(view->model()->rowCount() == 0);
    CHECK(count->text() == BalancePage::tr("No transactions yet."));
    CHECK_FALSE(app.find<QPushButton>(QStringLiteral("exportTransactionsButton"))->isEnabled());

    // Through the app: a top-up of 1000.00 and one Tea (25.00) from the catalogue.
    const qint64 first = buyOne(app, QStringLiteral("Tea"));

    // Elsewhere (another device of the same customer): another order, one refused for want
    // of stock (no money taken, so no line), and twenty top-ups of 1.00.
    SignedInApi otherDevice(url, login, password);
    auto& other = otherDevice.api;
    const auto order = [&](qint64 position, qint64 n) {
        const QJsonArray items{
            QJsonObject{{QStringLiteral("position_id"), position}, {QStringLiteral("count"), n}}};
        return apiCall(other, QStringLiteral("POST"), QStringLiteral("/api/v1/order"),
                       {{QStringLiteral("items"), items}});
    };
    const auto second = order(tea, 1);
    REQUIRE(second.ok());
    const qint64 secondId = second.object().value(QLatin1String("id")).toInteger();
    CHECK_FALSE(order(tea, 1000).ok());
    for (int i = 0; i < 20; ++i) {
        REQUIRE(apiCall(other, QStringLiteral("POST"), QStringLiteral("/api/v1/account"),
                        {{QStringLiteral("amount"), 100}})
                    .ok());
    }
    const qint64 balance = 100000 - 2 * 2500 + 20 * 100;

    // The page is open: a balance that moved brings the new lines, newest first.
    REQUIRE(app.window->showPage(QStringLiteral("balancePage")));
    app.context->refreshBalance();
    REQUIRE(waitFor([&] { return app.context->balance() == balance; }));
    const bool firstPage = waitFor([&] {
        return !model->isLoading() && model->rowCount() == 10 &&
               cell(model, 0, TransactionsModel::BalanceColumn) == Format::money(balance);
    });
    INFO("rows " << model->rowCount() << ", loading " << model->isLoading() << ", top "
                 << cell(model, 0, TransactionsModel::BalanceColumn).toStdString() << ", banner "
                 << app.bannerText(QStringLiteral("balanceBanner")).toStdString());
    REQUIRE(firstPage);
    CHECK(cell(model, 0, TransactionsModel::DescriptionColumn) == TransactionsModel::tr("Top-up"));
    CHECK(cell(model, 0, TransactionsModel::AmountColumn).endsWith(Format::money(100)));
    CHECK(cell(model, 0, TransactionsModel::AmountColumn) != Format::money(100)); // signed
    CHECK(cell(model, 1, TransactionsModel::BalanceColumn) == Format::money(balance - 100));
    CHECK_FALSE(cell(model, 1, TransactionsModel::TimeColumn).isEmpty());
    // The table may fetch a page ahead while it lays itself out (TableSetup's
    // fetchUntilFilled); past what fits, "Load more" brings the next one.
    REQUIRE(waitFor([&] { return !model->isLoading() && more->isEnabled(); }));
    const int shown = model->rowCount();
    CHECK(shown < 23);
    CHECK(count->text() ==
          BalancePage::tr("%n transaction(s) loaded, more as you scroll", nullptr, shown));
    QTest::mouseClick(more, Qt::LeftButton);
    REQUIRE(waitFor([&] { return model->rowCount() > shown && !model->isLoading(); }));

    // Scrolled to its end, the table fetches the last page itself.
    REQUIRE(waitFor([&] {
        view->scrollToBottom();
        return model->isComplete();
    }));
    REQUIRE(model->rowCount() == 23);
    CHECK(cell(model, 20, TransactionsModel::DescriptionColumn) ==
          TransactionsModel::tr("Payment for order #%1").arg(secondId));
    CHECK(cell(model, 20, TransactionsModel::AmountColumn) == Format::money(-2500));
    CHECK(cell(model, 20, TransactionsModel::BalanceColumn) == Format::money(95000));
    CHECK(cell(model, 21, TransactionsModel::DescriptionColumn) ==
          TransactionsModel::tr("Payment for order #%1").arg(first));
    CHECK(cell(model, 21, TransactionsModel::BalanceColumn) == Format::money(97500));
    CHECK(cell(model, 22, TransactionsModel::DescriptionColumn) == TransactionsModel::tr("Top-up"));
    CHECK(cell(model, 22, TransactionsModel::BalanceColumn) == Format::money(100000));
    CHECK_FALSE(more->isEnabled());
    CHECK(count->text() == BalancePage::tr("%n transaction(s)", nullptr, 23));

    // Every line loaded: the amounts add up to the balance, each line's balance to the last.
    qint64 sum = 0;
    qint64 previous = 0;
    for (auto it = model->entries().rbegin(); it != model->entries().rend(); ++it) {
        sum += it->amount;
        CHECK(it->balanceAfter == previous + it->amount);
        previous = it->balanceAfter;
    }
    CHECK(sum == app.context->balance());

    // The CSV is the table as shown: its header, then the lines, newest first.
    auto* exportButton = app.find<QPushButton>(QStringLiteral("exportTransactionsButton"));
    CHECK(exportButton->isEnabled());
    const auto lines = CsvExport::fromModel(model).split(QStringLiteral("\r\n"));
    REQUIRE(lines.size() == 25); // header, 23 lines, and the end of the last one
    CHECK(lines[0] == QStringLiteral("%1,%2,%3,%4")
                          .arg(TransactionsModel::tr("Time"), TransactionsModel::tr("Description"),
                               TransactionsModel::tr("Amount"),
                               TransactionsModel::tr("Balance after")));
    CHECK(lines[21].contains(TransactionsModel::tr("Payment for order #%1").arg(secondId)));
    CHECK(lines[24].isEmpty());

    // Signed out, nothing of it stays on the page.
    app.context->endSession(true);
    REQUIRE(waitFor([&] { return model->rowCount() == 0; }));
}
