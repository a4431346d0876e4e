#include "screens/staff/PositionEditorDialog.h"

#include "api/ApiClient.h"
#include "cache/PictureCache.h"
#include "core/AppContext.h"
#include "core/Format.h"
#include "lotok/Limits.h"
#include "models/PositionsModel.h"
#include "screens/widgets/Banner.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

PositionEditorDialog::PositionEditorDialog(AppContext* context, const Position& position,
                                           QWidget* parent)
    : QDialog(parent), m_context(context), m_position(position), m_banner(new Banner(this)),
      m_description(new QPlainTextEdit(this)), m_descriptionCount(new QLabel(this)),
      m_category(new QComboBox(this)), m_picture(new QLabel(this)),
      m_chooseButton(new QPushButton(QIcon(QStringLiteral(":/icons/picture.svg")),
                                     tr("C&hoose picture…"), this)),
      m_removeButton(new QPushButton(tr("Re&move picture"), this)),
      m_saveButton(new QPushButton(QIcon(QStringLiteral(":/icons/ok.svg")), tr("&Save"), this)) {
    setObjectName(QStringLiteral("positionEditor"));
    setWindowTitle(tr("Details of %1").arg(position.name));
    m_banner->setObjectName(QStringLiteral("positionEditorBanner"));

    m_description->setObjectName(QStringLiteral("descriptionEdit"));
    m_description->setPlainText(position.description);
    m_description->setAccessibleName(tr("Description"));
    m_descriptionCount->setObjectName(QStringLiteral("descriptionCount"));
    const auto countCharacters = [this] {
        const auto length = m_description->toPlainText().toUcs4().size();
        m_descriptionCount->setText(
            tr("%1 of %2 characters")
                .arg(QLocale().toString(qlonglong(length)),
                     QLocale().toString(qlonglong(lotok::limits::kDescriptionMax))));
        m_saveButton->setEnabled(length <= qsizetype(lotok::limits::kDescriptionMax));
    };
    connect(m_description, &QPlainTextEdit::textChanged, this, countCharacters);

    m_category->setObjectName(QStringLiteral("categoryCombo"));
    m_category->setAccessibleName(tr("Category"));
    fillCategories(position.categoryId);
    connect(context, &AppContext::categoriesChanged, this,
            [this] { fillCategories(m_category->currentData().toLongLong()); });
    auto* newCategory = new QPushButton(tr("&New category…"), this);
    newCategory->setObjectName(QStringLiteral("newCategoryButton"));
    connect(newCategory, &QPushButton::clicked, this, &PositionEditorDialog::newCategory);

    m_picture->setObjectName(QStringLiteral("picturepreview"));
    m_picture->setAlignment(Qt::AlignCenter);
    m_picture->setMinimumSize(200, 200);
    m_chooseButton->setObjectName(QStringLiteral("choosePictureButton"));
    m_removeButton->setObjectName(QStringLiteral("removePictureButton"));
    m_saveButton->setObjectName(QStringLiteral("savePositionButton"));
    m_saveButton->setDefault(true);
    connect(m_chooseButton, &QPushButton::clicked, this, [this] {
        const auto path = QFileDialog::getOpenFileName(this, tr("Choose a picture"), QString(),
                                                       tr("Pictures (*.jpg *.jpeg *.png *.webp)"));
        if (!path.isEmpty()) {
            choosePicture(path);
        }
    });
    connect(m_removeButton, &QPushButton::clicked, this, [this] {
        m_newPicture.clear();
        m_removePicture = true;
        showPicture();
    });
    connect(m_saveButton, &QPushButton::clicked, this, &PositionEditorDialog::save);
    connect(context->pictures(), &PictureCache::ready, this, [this](const QString& url) {
        if (url == m_position.imageUrl) {
            showPicture();
        }
    });

    auto* categoryRow = new QHBoxLayout;
    categoryRow->addWidget(m_category, 1);
    categoryRow->addWidget(newCategory);
    auto* form = new QFormLayout;
    auto* descriptionLabel = new QLabel(tr("&Description:"), this);
    descriptionLabel->setBuddy(m_description);
    form->addRow(descriptionLabel, m_description);
    form->addRow(QString(), m_descriptionCount);
    auto* categoryLabel = new QLabel(tr("C&ategory:"), this);
    categoryLabel->setBuddy(m_category);
    form->addRow(categoryLabel, categoryRow);

    auto* pictureButtons = new QVBoxLayout;
    pictureButtons->addWidget(m_picture, 1);
    pictureButtons->addWidget(m_chooseButton);
    pictureButtons->addWidget(m_removeButton);
    auto* pictureHint = new QLabel(
        tr("JPEG, PNG or WebP, up to %1 MiB.").arg(lotok::limits::kPictureMaxBytes / 1048576),
        this);
    pictureHint->setWordWrap(true);
    pictureButtons->addWidget(pictureHint);

    auto* top = new QHBoxLayout;
    top->addLayout(form, 1);
    top->addLayout(pictureButtons);

    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(m_saveButton, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addLayout(top, 1);
    layout->addWidget(buttons);
    countCharacters();
    showPicture();
    resize(720, 420);
}

void PositionEditorDialog::fillCategories(qint64 selected) {
    m_category->clear();
    m_category->addItem(tr("No category"), qint64(0));
    for (const auto& category : m_context->categories()) {
        m_category->addItem(category.name, category.id);
    }
    const int index = m_category->findData(selected);
    m_category->setCurrentIndex(index < 0 ? 0 : index);
}

void PositionEditorDialog::newCategory() {
    bool ok = false;
    const auto name = QInputDialog::getText(this, tr("New category"), tr("Name:"),
                                            QLineEdit::Normal, QString(), &ok)
                          .trimmed();
    if (!ok || name.isEmpty()) {
        return;
    }
    m_context->api()->post(QStringLiteral("/api/v1/staff/categories"),
                           {{QStringLiteral("name"), name}}, this, [this](const ApiResult& result) {
                               if (!result.ok()) {
                                   const auto& error = *result.error;
                                   failed(error.code == QLatin1String("name_taken")
                                              ? tr("There is a category with this name already.")
                                              : Format::errorMessage(error.code, error.message));
                                   return;
                               }
                               const auto category = Category::fromJson(result.object());
                               m_category->addItem(category.name, category.id);
                               m_category->setCurrentIndex(m_category->count() - 1);
                               m_context->refreshCategories();
                           });
}

bool PositionEditorDialog::choosePicture(const QString& path) {
    QFile file(path);
    const auto suffix = QFileInfo(path).suffix().toLower();
    const QString type = suffix == QLatin1String("png")    ? QStringLiteral("image/png")
                         : suffix == QLatin1String("webp") ? QStringLiteral("image/webp")
                                                           : QStringLiteral("image/jpeg");
    if (file.size() > qint64(lotok::limits::kPictureMaxBytes)) {
        failed(tr("The picture is larger than %1 MiB.")
                   .arg(lotok::limits::kPictureMaxBytes / 1048576));
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        failed(tr("Cannot read %1.").arg(QFileInfo(path).fileName()));
        return false;
    }
    m_newPicture = file.readAll();
    m_newPictureType = type;
    m_removePicture = false;
    m_banner->clear();
    showPicture();
    return true;
}

void PositionEditorDialog::showPicture() {
    QPixmap pixmap;
    if (!m_newPicture.isEmpty()) {
        pixmap.loadFromData(m_newPicture);
    } else if (!m_removePicture && !m_position.imageUrl.isEmpty()) {
        pixmap = m_context->pictures()->picture(m_position.imageUrl);
    }
    m_removeButton->setEnabled(!m_newPicture.isEmpty() ||
                               (!m_removePicture && !m_position.imageUrl.isEmpty()));
    if (pixmap.isNull()) {
        m_picture->setPixmap({});
        m_picture->setText(m_newPicture.isEmpty() ? tr("No picture") : tr("A new picture"));
        return;
    }
    m_picture->setPixmap(
        pixmap.scaled(QSize(200, 200), Qt::KeepAspectRatio, Qt::SmoothTransformation));
}

void PositionEditorDialog::failed(const QString& message) {
    m_saveButton->setEnabled(true);
    m_banner->showMessage(Banner::Kind::Error, message);
}

void PositionEditorDialog::save() {
    m_saveButton->setEnabled(false);
    m_banner->showMessage(Banner::Kind::Info, tr("Saving…"));
    // The server keeps line feeds only; a pasted Windows line end would be refused.
    auto description = m_description->toPlainText();
    description.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    description.remove(QLatin1Char('\r'));
    const QJsonObject body{{QStringLiteral("description"), description},
                           {QStringLiteral("category_id"), m_category->currentData().toLongLong()}};
    m_context->api()->post(
        QStringLiteral("/api/v1/stock/position/%1").arg(m_position.id), body, this,
        [this](const ApiResult& result) {
            if (!result.ok()) {
                failed(Format::errorMessage(result.error->code, result.error->message));
                return;
            }
            m_position = Position::fromJson(result.object());
            m_context->positions()->upsert(m_position);
            sendPicture();
        });
}

void PositionEditorDialog::sendPicture() {
    const auto path = QStringLiteral("/api/v1/staff/positions/%1/picture").arg(m_position.id);
    const auto done = [this](const ApiResult& result) {
        if (!result.ok()) {
            const auto& error = *result.error;
            // The server names what is wrong with the file (not an image, damaged, too big).
            failed(error.code == QLatin1String("payload_too_large")
                       ? tr("The picture is larger than %1 MiB.")
                             .arg(lotok::limits::kPictureMaxBytes / 1048576)
                       : tr("The picture was not accepted: %1").arg(error.message));
            return;
        }
        m_position = Position::fromJson(result.object());
        m_context->positions()->upsert(m_position);
        accept();
    };
    if (!m_newPicture.isEmpty()) {
        m_context->api()->put(path, m_newPicture, m_newPictureType, this, done);
    } else if (m_removePicture && !m_position.imageUrl.isEmpty()) {
        m_context->api()->deleteResource(path, this, done);
    } else {
        accept();
    }
}
