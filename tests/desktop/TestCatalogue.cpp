// Issue 15's catalogue in the app, against a real lotokd: the grid of thumbnails (kept in the
// disk cache), the category filter, the search that runs on the server (descriptions too), a
// product's page, and staff editing description, category and picture.
#include "EndToEndSupport.h"
#include "cache/PictureCache.h"
#include "core/AppSettings.h"
#include "models/CatalogueFilterModel.h"
#include "screens/staff/PositionEditorDialog.h"

#include <QApplication>
#include <QBuffer>
#include <QComboBox>
#include <QDirIterator>
#include <QImage>
#include <QListView>
#include <QPlainTextEdit>
#include <QTimer>
#include <QToolButton>

using namespace lotok::test::e2e;

namespace {

QByteArray pictureBytes(const char* format, QColor colour) {
    QImage image(400, 300, QImage::Format_RGB32);
    image.fill(colour);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format);
    return bytes;
}

ApiResult putPicture(StaffApi& staff, qint64 id, const QByteArray& bytes, const QString& type) {
    std::optional<ApiResult> result;
    staff.api.put(QStringLiteral("/api/v1/staff/positions/%1/picture").arg(id), bytes, type,
                  nullptr, [&](const ApiResult& r) { result = r; });
    REQUIRE(waitFor([&] { return result.has_value(); }));
    return *result;
}

int filesIn(const QString& directory) {
    int count = 0;
    for (QDirIterator it(directory, QDir::Files, QDirIterator::Subdirectories); it.hasNext();
         it.next()) {
        ++count;
    }
    return count;
}

// Runs `inspect` on the next modal dialog once it is up, then closes it (exec() blocks).
template <typename Inspect> void onNextDialog(Inspect inspect) {
    QTimer::singleShot(0, [inspect] {
        REQUIRE(waitFor([] { return QApplication::activeModalWidget() != nullptr; }));
        auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
        REQUIRE(dialog);
        inspect(dialog);
        if (dialog->isVisible()) {
            dialog->reject();
        }
    });
}

} // namespace

TEST_CASE("a customer browses the catalogue as a grid, by category and by searching",
          "[e2e][catalogue]") {
    lotok::test::LotokdProcess server;
    const QString url = q(server.publicUrl());
    const QString staffPassword = q(server.addStaff("boss"));
    StaffApi staff(url, QStringLiteral("boss"), staffPassword);
    const auto category =
        apiCall(staff.api, QStringLiteral("POST"), QStringLiteral("/api/v1/staff/categories"),
                {{QStringLiteral("name"), QStringLiteral("Teas")}});
    REQUIRE(category.ok());
    const qint64 teas = category.object().value(QLatin1String("id")).toInteger();
    const qint64 oolong = staff.addPosition(QStringLiteral("Oolong"), 1500, 5);
    REQUIRE(apiCall(staff.api, QStringLiteral("POST"),
                    QStringLiteral("/api/v1/stock/position/%1").arg(oolong),
                    {{QStringLiteral("description"),
                      QStringLiteral("Semi-oxidised leaf\nfrom Fujian.")},
                     {QStringLiteral("category_id"), teas}})
                .ok());
    REQUIRE(
        putPicture(staff, oolong, pictureBytes("PNG", Qt::darkGreen), QStringLiteral("image/png"))
            .ok());
    staff.addPosition(QStringLiteral("Mug"), 700, 3);

    AppWindow app(url);
    app.registerCustomer(lotok::test::uniqueName("anna"), QStringLiteral("correct-horse-1"));
    REQUIRE(app.window->showPage(QStringLiteral("cataloguePage")));
    auto* table = app.find<QTableView>(QStringLiteral("positionsTable"));
    auto* proxy = table->model();
    REQUIRE(waitFor([&] { return proxy->rowCount() == 2; }));

    // The search runs on the server: "fujian" is in Oolong's description only.
    auto* search = app.find<QLineEdit>(QStringLiteral("catalogueSearch"));
    QTest::keyClicks(search, QStringLiteral("FUJIAN"));
    REQUIRE(waitFor([&] {
        return proxy->rowCount() == 1 &&
               rowWithText(proxy, PositionsModel::NameColumn, QStringLiteral("Oolong")) == 0;
    }));
    search->clear();
    REQUIRE(waitFor([&] { return proxy->rowCount() == 2; }));

    // The category filter, once the categories are in.
    auto* categories = app.find<QComboBox>(QStringLiteral("catalogueCategory"));
    REQUIRE(waitFor([&] { return categories->findData(teas) > 0; }));
    categories->setCurrentIndex(categories->findData(teas));
    REQUIRE(waitFor([&] { return proxy->rowCount() == 1; }));
    categories->setCurrentIndex(0);
    REQUIRE(waitFor([&] { return proxy->rowCount() == 2; }));

    // The grid shows the thumbnail, which lands in the disk cache.
    QTest::mouseClick(app.find<QToolButton>(QStringLiteral("catalogueGridButton")), Qt::LeftButton);
    auto* grid = app.find<QListView>(QStringLiteral("catalogueGrid"));
    CHECK(grid->isVisible());
    CHECK(!table->isVisible());
    const int row = rowWithText(proxy, PositionsModel::NameColumn, QStringLiteral("Oolong"));
    REQUIRE(waitFor([&] {
        return !proxy->index(row, PositionsModel::NameColumn)
                    .data(Qt::DecorationRole)
                    .value<QPixmap>()
                    .isNull();
    }));
    CHECK(filesIn(QDir(app.home).filePath(QStringLiteral("pictures"))) > 0);
    CHECK(app.context->settings()->catalogueGrid());

    // The product's page: picture and description.
    grid->setCurrentIndex(proxy->index(row, PositionsModel::NameColumn));
    bool inspected = false;
    onNextDialog([&](QDialog* dialog) {
        CHECK(child<QLabel>(dialog, QStringLiteral("productDescription"))->text() ==
              QStringLiteral("Semi-oxidised leaf\nfrom Fujian."));
        CHECK(child<QLabel>(dialog, QStringLiteral("productCategory"))
                  ->text()
                  .contains(QStringLiteral("Teas")));
        auto* picture = child<QLabel>(dialog, QStringLiteral("productPicture"));
        CHECK(waitFor([&] { return !picture->pixmap().isNull(); }));
        inspected = true;
    });
    QTest::mouseClick(app.find<QPushButton>(QStringLiteral("productDetailsButton")),
                      Qt::LeftButton);
    CHECK(inspected);
}

TEST_CASE("staff give a position a description, a category and a picture", "[e2e][catalogue]") {
    lotok::test::LotokdProcess server;
    const QString url = q(server.publicUrl());
    const QString staffPassword = q(server.addStaff("boss"));
    StaffApi setup(url, QStringLiteral("boss"), staffPassword);
    REQUIRE(apiCall(setup.api, QStringLiteral("POST"), QStringLiteral("/api/v1/staff/categories"),
                    {{QStringLiteral("name"), QStringLiteral("Kettles")}})
                .ok());
    const qint64 kettle = setup.addPosition(QStringLiteral("Kettle"), 4000, 2);

    QTemporaryDir files;
    const auto picturePath = QDir(files.path()).filePath(QStringLiteral("kettle.jpg"));
    {
        QFile file(picturePath);
        REQUIRE(file.open(QIODevice::WriteOnly));
        file.write(pictureBytes("JPG", Qt::red));
    }

    AppWindow app(url);
    app.signIn(QStringLiteral("boss"), staffPassword);
    REQUIRE(app.window->showPage(QStringLiteral("stockPage")));
    auto* table = app.find<QTableView>(QStringLiteral("stockTable"));
    REQUIRE(waitFor([&] {
        return rowWithText(table->model(), PositionsModel::NameColumn, QStringLiteral("Kettle")) >=
               0;
    }));
    table->setCurrentIndex(table->model()->index(
        rowWithText(table->model(), PositionsModel::NameColumn, QStringLiteral("Kettle")), 0));
    REQUIRE(waitFor([&] { return !app.context->categories().isEmpty(); }));

    onNextDialog([&](QDialog* dialog) {
        auto* description = child<QPlainTextEdit>(dialog, QStringLiteral("descriptionEdit"));
        description->setPlainText(QStringLiteral("Steel, 1.7 l.\r\nBoils in 3 minutes."));
        auto* categories = child<QComboBox>(dialog, QStringLiteral("categoryCombo"));
        REQUIRE(waitFor([&] { return categories->count() == 2; }));
        categories->setCurrentIndex(1);
        auto* editor = qobject_cast<PositionEditorDialog*>(dialog);
        REQUIRE(editor);
        REQUIRE(editor->choosePicture(picturePath));
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("savePositionButton")),
                          Qt::LeftButton);
        REQUIRE(waitFor([&] { return !dialog->isVisible(); }));
    });
    QTest::mouseClick(app.find<QPushButton>(QStringLiteral("positionDetailsButton")),
                      Qt::LeftButton);

    const auto saved = app.context->positions()->positionById(kettle);
    REQUIRE(saved);
    CHECK(saved->description == QStringLiteral("Steel, 1.7 l.\nBoils in 3 minutes."));
    CHECK(saved->category == QStringLiteral("Kettles"));
    CHECK(!saved->imageUrl.isEmpty());
    // The server has it as the app showed it.
    std::optional<ApiResult> listed;
    setup.api.get(QStringLiteral("/api/v1/stock/positions"),
                  QUrlQuery({{QStringLiteral("ids"), QString::number(kettle)}}), nullptr,
                  [&](const ApiResult& r) { listed = r; });
    REQUIRE(waitFor([&] { return listed.has_value(); }));
    const auto position =
        listed->object().value(QLatin1String("positions")).toArray().at(0).toObject();
    CHECK(position.value(QLatin1String("image_url")).toString() == saved->imageUrl);
    CHECK(position.value(QLatin1String("description")).toString() == saved->description);
}
