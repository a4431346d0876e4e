// Issue 15, item 4, through the widgets against a real lotokd: the profile and password
// dialogs, "Repeat order", and the checkout step before an order is sent.
#include "EndToEndSupport.h"
#include "core/Translations.h"
#include "models/CartModel.h"
#include "screens/customer/CataloguePage.h"
#include "screens/customer/OrdersPage.h"

#include <QComboBox>
#include <QJsonArray>
#include <QTableWidget>
#include <QToolButton>

using lotok::test::child;
using lotok::test::waitFor;

using namespace lotok::test::e2e;

namespace {

QDialog* visibleDialog(QWidget* root, const QString& name) {
    for (auto* dialog : root->findChildren<QDialog*>(name)) {
        if (dialog->isVisible()) {
            return dialog;
        }
    }
    return nullptr;
}

QDialog* waitDialog(QWidget* root, const QString& name) {
    QDialog* dialog = nullptr;
    REQUIRE(waitFor([&] { return (dialog = visibleDialog(root, name)) != nullptr; }));
    return dialog;
}

QJsonObject profileOf(AppWindow& app) {
    const auto result =
        apiCall(*app.context->api(), QStringLiteral("GET"), QStringLiteral("/api/v1/user/profile"));
    REQUIRE(result.ok());
    return result.object();
}

void retype(QLineEdit* edit, const QString& text) {
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

QString errorText(QDialog* dialog, const QString& field) {
    auto* label = child<QLabel>(dialog, field + QStringLiteral("Error"));
    return label->isVisible() ? label->text() : QString();
}

} // namespace

TEST_CASE("the profile is edited with the server's rules, and a new password signs out the "
          "other devices",
          "[e2e][account]") {
    lotok::test::LotokdProcess server;
    const QString url = q(server.publicUrl());
    AppWindow app(url);
    const QString login = lotok::test::uniqueName("vera");
    {
        // Registration tells the server the app's language, for the shop's e-mails.
        Translations::install(QStringLiteral("ru"));
        app.registerCustomer(login, QStringLiteral("first-password"));
        Translations::install(QStringLiteral("en"));
    }
    CHECK(profileOf(app).value(QLatin1String("language")).toString() == QStringLiteral("ru"));

    QTest::mouseClick(app.find<QToolButton>(QStringLiteral("profileButton")), Qt::LeftButton);
    auto* dialog = waitDialog(app.window.get(), QStringLiteral("profileDialog"));
    auto* email = child<QLineEdit>(dialog, QStringLiteral("profileEmailEdit"));
    REQUIRE(waitFor([&] { return email->isEnabled() && !email->text().isEmpty(); }));
    CHECK(email->text() == login + QStringLiteral("@example.com"));
    CHECK(child<QLineEdit>(dialog, QStringLiteral("profileAddressEdit"))->text() ==
          QStringLiteral("12 Garden Street, Tver"));
    CHECK(child<QLabel>(dialog, QStringLiteral("profileLogin"))->text() == login);
    auto* language = child<QComboBox>(dialog, QStringLiteral("profileLanguageCombo"));
    CHECK(language->currentData().toString() == QStringLiteral("ru"));
    auto* mails = child<QCheckBox>(dialog, QStringLiteral("profileEmailNotificationsCheck"));
    CHECK(mails->isChecked());

    // Checked as typed, with the server's rules; nothing is sent while a field is wrong.
    retype(email, QStringLiteral("not an address"));
    email->clearFocus();
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("profileSaveButton")),
                      Qt::LeftButton);
    CHECK(errorText(dialog, QStringLiteral("profileEmail")).startsWith(QStringLiteral("Enter an")));
    auto* phone = child<QLineEdit>(dialog, QStringLiteral("profilePhone") + QStringLiteral("Edit"));
    retype(phone, QStringLiteral("12"));
    CHECK(errorText(dialog, QStringLiteral("profilePhone")) ==
          QStringLiteral("Must have at least 5 digits."));
    QTest::qWait(200);
    CHECK(profileOf(app).value(QLatin1String("email")).toString() ==
          login + QStringLiteral("@example.com"));

    retype(email, QStringLiteral("vera@example.org"));
    CHECK(errorText(dialog, QStringLiteral("profileEmail")).isEmpty());
    retype(phone, QStringLiteral("+7 (900) 111-22-33"));
    CHECK(errorText(dialog, QStringLiteral("profilePhone")).isEmpty());
    retype(child<QLineEdit>(dialog, QStringLiteral("profileAddressEdit")),
           QStringLiteral("3 River Lane, Tver"));
    language->setCurrentIndex(language->findData(QStringLiteral("en")));
    mails->setChecked(false);
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("profileSaveButton")),
                      Qt::LeftButton);
    REQUIRE(waitFor([&] {
        return visibleDialog(app.window.get(), QStringLiteral("profileDialog")) == nullptr;
    }));
    const auto saved = profileOf(app);
    CHECK(saved.value(QLatin1String("email")).toString() == QStringLiteral("vera@example.org"));
    CHECK(saved.value(QLatin1String("phone")).toString() == QStringLiteral("+7 (900) 111-22-33"));
    CHECK(saved.value(QLatin1String("address")).toString() == QStringLiteral("3 River Lane, Tver"));
    CHECK(saved.value(QLatin1String("language")).toString() == QStringLiteral("en"));
    CHECK_FALSE(saved.value(QLatin1String("email_notifications")).toBool());
    CHECK(saved.value(QLatin1String("first_name")).toString() == QStringLiteral("Anna"));

    // Another device signed in to the same account.
    AppWindow other(url);
    other.signIn(login, QStringLiteral("first-password"));

    QTest::mouseClick(app.find<QToolButton>(QStringLiteral("profileButton")), Qt::LeftButton);
    dialog = waitDialog(app.window.get(), QStringLiteral("profileDialog"));
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("changePasswordButton")),
                      Qt::LeftButton);
    auto* password = waitDialog(dialog, QStringLiteral("passwordDialog"));
    auto* oldEdit = child<QLineEdit>(password, QStringLiteral("passwordOldEdit"));
    auto* newEdit = child<QLineEdit>(password, QStringLiteral("passwordNewEdit"));
    auto* repeatEdit = child<QLineEdit>(password, QStringLiteral("passwordRepeatEdit"));
    auto* change = child<QPushButton>(password, QStringLiteral("passwordChangeButton"));
    CHECK(oldEdit->echoMode() == QLineEdit::Password);
    CHECK(newEdit->echoMode() == QLineEdit::Password);

    // A weak new one and a repeat that differs are refused here, before anything is sent.
    QTest::keyClicks(oldEdit, QStringLiteral("first-password"));
    QTest::keyClicks(newEdit, QStringLiteral("short"));
    QTest::keyClicks(repeatEdit, QStringLiteral("shorter"));
    QTest::mouseClick(change, Qt::LeftButton);
    CHECK(errorText(password, QStringLiteral("passwordNew")) ==
          QStringLiteral("Must be at least 8 characters."));
    CHECK(errorText(password, QStringLiteral("passwordRepeat")) ==
          QStringLiteral("The two new passwords are not the same."));

    // A wrong old password is the server's answer, shown under that field.
    retype(oldEdit, QStringLiteral("not-the-password"));
    retype(newEdit, QStringLiteral("second-password"));
    retype(repeatEdit, QStringLiteral("second-password"));
    CHECK(errorText(password, QStringLiteral("passwordRepeat")).isEmpty());
    QTest::mouseClick(change, Qt::LeftButton);
    REQUIRE(waitFor([&] { return !errorText(password, QStringLiteral("passwordOld")).isEmpty(); }));
    CHECK(errorText(password, QStringLiteral("passwordOld")) ==
          QStringLiteral("This is not your current password."));
    CHECK(app.context->isSignedIn());
    CHECK(other.context->isSignedIn());

    retype(oldEdit, QStringLiteral("first-password"));
    QTest::mouseClick(change, Qt::LeftButton);
    REQUIRE(waitFor([&] { return !password->isVisible(); }));
    CHECK(app.bannerText(QStringLiteral("profileBanner")) ==
          QStringLiteral("Your password is changed. 1 other device was signed out."));
    // The other device is signed out (its socket is closed, its next call refused); this one
    // goes on.
    REQUIRE(waitFor([&] { return !other.context->isSignedIn(); }));
    CHECK(app.context->isSignedIn());
    CHECK(profileOf(app).value(QLatin1String("login")).toString() == login);
    dialog->reject();

    // Sign in again elsewhere: only the new password works.
    other.find<QLineEdit>(QStringLiteral("signInPasswordEdit"))->clear();
    other.find<QLineEdit>(QStringLiteral("signInLoginEdit"))->setText(login);
    QTest::keyClicks(other.find<QLineEdit>(QStringLiteral("signInPasswordEdit")),
                     QStringLiteral("first-password"));
    QTest::mouseClick(other.find<QPushButton>(QStringLiteral("signInButton")), Qt::LeftButton);
    REQUIRE(waitFor([&] {
        return other.bannerText(QStringLiteral("loginBanner"))
            .contains(QStringLiteral("password is wrong"));
    }));
    other.find<QLineEdit>(QStringLiteral("signInPasswordEdit"))->clear();
    other.signIn(login, QStringLiteral("second-password"));
    CHECK(other.context->isSignedIn());
}

TEST_CASE("repeat order puts the same items in the cart at today's prices and names what is "
          "left out",
          "[e2e][account]") {
    lotok::test::LotokdProcess server;
    const QString url = q(server.publicUrl());
    StaffApi staff(url, QStringLiteral("boss"), q(server.addStaff("boss")));
    const qint64 tea = staff.addPosition(QStringLiteral("Tea"), 25000, 10);
    const qint64 jam = staff.addPosition(QStringLiteral("Jam"), 31000, 5);
    const qint64 bread = staff.addPosition(QStringLiteral("Bread"), 8900, 5);

    AppWindow app(url);
    app.registerCustomer(lotok::test::uniqueName("oleg"), QStringLiteral("correct-horse-2"));
    app.topUp(QStringLiteral("2000"));
    REQUIRE(waitFor([&] { return app.context->balance() == 200000; }));
    app.addToCart(QStringLiteral("Tea"), 2);
    app.addToCart(QStringLiteral("Jam"), 1);
    app.addToCart(QStringLiteral("Bread"), 3);
    app.placeOrder();
    REQUIRE(waitFor([&] { return newestOrderId(app) > 0; }));
    const qint64 orderId = newestOrderId(app);
    REQUIRE(waitFor(
        [&] { return app.context->orders()->orderAt(0)->status == QLatin1String("confirmed"); }));

    // Since then: Jam is no longer sold, two Bread are left, and Tea costs more.
    for (const auto& [id, change] :
         {std::pair{jam, QJsonObject{{QStringLiteral("archived"), true}}},
          std::pair{bread, QJsonObject{{QStringLiteral("count"), 1}}},
          std::pair{tea, QJsonObject{{QStringLiteral("price"), 27000}}}}) {
        REQUIRE(apiCall(staff.api, QStringLiteral("POST"),
                        QStringLiteral("/api/v1/stock/position/%1").arg(id), change)
                    .ok());
    }

    REQUIRE(app.window->showPage(QStringLiteral("ordersPage")));
    app.window->findChild<OrdersPage*>(QStringLiteral("ordersPage"))->openOrder(orderId);
    auto* order = waitDialog(app.window.get(), QStringLiteral("orderDialog"));
    auto* repeat = child<QPushButton>(order, QStringLiteral("repeatOrderButton"));
    REQUIRE(waitFor([&] { return repeat->isEnabled(); }));
    QTest::mouseClick(repeat, Qt::LeftButton);

    auto* cart = app.window->findChild<CataloguePage*>(QStringLiteral("cataloguePage"))->cart();
    REQUIRE(waitFor([&] { return cart->lines().size() == 2; }));
    CHECK(app.window->findChild<QWidget*>(QStringLiteral("cataloguePage"))->isVisible());
    for (const auto& line : cart->lines()) {
        if (line.position.id == tea) {
            CHECK(line.count == 2);
            CHECK(line.position.price == 27000); // today's
        } else {
            CHECK(line.position.id == bread);
            CHECK(line.count == 1); // all there is
        }
    }
    CHECK(app.bannerText(QStringLiteral("sessionBanner")) ==
          QStringLiteral("Order #%1 is in the cart again, at today's prices: Tea × 2, Bread × 1. "
                         "Fewer than before: Bread (1 of 3: no more in stock). Left out: Jam (no "
                         "longer sold). Prices changed since: Tea: 250.00 \u20BD then, 270.00 "
                         "\u20BD now.")
              .arg(orderId));

    // Repeating again adds on top, never beyond the stock.
    app.window->findChild<OrdersPage*>(QStringLiteral("ordersPage"))->openOrder(orderId);
    order = waitDialog(app.window.get(), QStringLiteral("orderDialog"));
    repeat = child<QPushButton>(order, QStringLiteral("repeatOrderButton"));
    REQUIRE(waitFor([&] { return repeat->isEnabled(); }));
    QTest::mouseClick(repeat, Qt::LeftButton);
    REQUIRE(waitFor([&] {
        return app.bannerText(QStringLiteral("sessionBanner")).contains(QStringLiteral("Tea × 2"));
    }));
    REQUIRE(waitFor([&] { return cart->total() == 4 * 27000 + 8900; }));
    CHECK(app.bannerText(QStringLiteral("sessionBanner"))
              .contains(QStringLiteral("Bread (all in stock already in the cart)")));
}

TEST_CASE("the checkout shows the items, total, balance and address, and only Confirm sends",
          "[e2e][account]") {
    lotok::test::LotokdProcess server;
    const QString url = q(server.publicUrl());
    StaffApi staff(url, QStringLiteral("boss"), q(server.addStaff("boss")));
    staff.addPosition(QStringLiteral("Tea"), 25000, 10);

    AppWindow app(url);
    app.registerCustomer(lotok::test::uniqueName("lena"), QStringLiteral("correct-horse-3"));
    app.topUp(QStringLiteral("1000"));
    REQUIRE(waitFor([&] { return app.context->balance() == 100000; }));
    app.addToCart(QStringLiteral("Tea"), 2);

    auto* place = app.find<QPushButton>(QStringLiteral("placeOrderButton"));
    REQUIRE(waitFor([&] { return place->isEnabled(); }));
    QTest::mouseClick(place, Qt::LeftButton);
    auto* checkout = app.checkout();
    REQUIRE(checkout != nullptr);
    auto* items = child<QTableWidget>(checkout, QStringLiteral("checkoutItems"));
    REQUIRE(items->rowCount() == 1);
    CHECK(items->item(0, 0)->text() == QStringLiteral("Tea"));
    CHECK(items->item(0, 2)->text() == QStringLiteral("2"));
    CHECK(items->item(0, 3)->text() == QStringLiteral("500.00 \u20BD"));
    CHECK(child<QLabel>(checkout, QStringLiteral("checkoutTotal"))->text() ==
          QStringLiteral("Total: 500.00 \u20BD"));
    CHECK(child<QLabel>(checkout, QStringLiteral("checkoutBalance"))->text() ==
          QStringLiteral("your balance, 1,000.00 \u20BD; after this order 500.00 \u20BD"));
    auto* address = child<QLabel>(checkout, QStringLiteral("checkoutAddress"));
    auto* confirm = child<QPushButton>(checkout, QStringLiteral("checkoutConfirmButton"));
    REQUIRE(waitFor([&] { return address->text() == QStringLiteral("12 Garden Street, Tver"); }));
    CHECK(confirm->isEnabled());

    // Back to the cart: nothing is sent.
    QTest::mouseClick(child<QPushButton>(checkout, QStringLiteral("checkoutBackButton")),
                      Qt::LeftButton);
    QTest::qWait(300);
    CHECK(app.checkout() == nullptr);
    const auto none =
        apiCall(*app.context->api(), QStringLiteral("GET"), QStringLiteral("/api/v1/orders"));
    CHECK(none.object().value(QLatin1String("orders")).toArray().isEmpty());
    CHECK(app.context->balance() == 100000);

    // Again, and the address is changed from the checkout itself.
    QTest::mouseClick(place, Qt::LeftButton);
    checkout = app.checkout();
    REQUIRE(checkout != nullptr);
    address = child<QLabel>(checkout, QStringLiteral("checkoutAddress"));
    confirm = child<QPushButton>(checkout, QStringLiteral("checkoutConfirmButton"));
    REQUIRE(waitFor([&] { return confirm->isEnabled(); }));
    QTest::mouseClick(child<QPushButton>(checkout, QStringLiteral("checkoutChangeAddressButton")),
                      Qt::LeftButton);
    auto* profile = waitDialog(checkout, QStringLiteral("profileDialog"));
    auto* addressEdit = child<QLineEdit>(profile, QStringLiteral("profileAddressEdit"));
    REQUIRE(waitFor([&] { return addressEdit->isEnabled() && !addressEdit->text().isEmpty(); }));
    // The field the checkout asked about is the one to type in.
    CHECK(profile->focusWidget() == addressEdit);
    retype(addressEdit, QStringLiteral("7 Station Road, Klin"));
    QTest::mouseClick(child<QPushButton>(profile, QStringLiteral("profileSaveButton")),
                      Qt::LeftButton);
    REQUIRE(waitFor([&] { return address->text() == QStringLiteral("7 Station Road, Klin"); }));

    QTest::mouseClick(confirm, Qt::LeftButton);
    REQUIRE(waitFor([&] {
        return app.bannerText(QStringLiteral("catalogueBanner"))
            .contains(QStringLiteral("is confirmed"));
    }));
    CHECK(app.checkout() == nullptr);
    const qint64 orderId = newestOrderId(app);
    REQUIRE(orderId > 0);
    CHECK(waitFor([&] { return app.context->balance() == 50000; }));
    // It goes where the checkout said.
    QString deliveredTo;
    REQUIRE(waitFor([&] {
        const auto delivery = apiCall(*app.context->api(), QStringLiteral("GET"),
                                      QStringLiteral("/api/v1/order/%1/delivery").arg(orderId));
        deliveredTo = delivery.object().value(QLatin1String("address")).toString();
        return delivery.ok();
    }));
    CHECK(deliveredTo == QStringLiteral("7 Station Road, Klin"));
}
