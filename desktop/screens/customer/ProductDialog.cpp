#include "screens/customer/ProductDialog.h"

#include "cache/PictureCache.h"
#include "core/AppContext.h"
#include "core/Format.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

ProductDialog::ProductDialog(AppContext* context, const Position& position, QWidget* parent)
    : QDialog(parent), m_context(context), m_position(position), m_picture(new QLabel(this)) {
    setObjectName(QStringLiteral("productDialog"));
    setWindowTitle(position.name);

    m_picture->setObjectName(QStringLiteral("productPicture"));
    m_picture->setAlignment(Qt::AlignCenter);
    m_picture->setMinimumSize(240, 240);
    m_picture->setAccessibleName(tr("Picture"));

    auto* name = new QLabel(position.name, this);
    name->setObjectName(QStringLiteral("productName"));
    name->setTextFormat(Qt::PlainText);
    name->setWordWrap(true);
    QFont nameFont = name->font();
    nameFont.setBold(true);
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.3);
    name->setFont(nameFont);

    auto* price = new QLabel(Format::money(position.price, position.currency), this);
    price->setObjectName(QStringLiteral("productPrice"));
    auto* category = new QLabel(
        position.category.isEmpty() ? tr("No category") : tr("Category: %1").arg(position.category),
        this);
    category->setObjectName(QStringLiteral("productCategory"));
    category->setTextFormat(Qt::PlainText);
    auto* left =
        new QLabel(position.count > 0 ? tr("%1 available").arg(QLocale().toString(position.count))
                                      : tr("Sold out"),
                   this);
    left->setObjectName(QStringLiteral("productAvailable"));

    // Plain text as staff typed it: never read as HTML (a description is anyone's text).
    auto* description = new QLabel(
        position.description.isEmpty() ? tr("No description.") : position.description, this);
    description->setObjectName(QStringLiteral("productDescription"));
    description->setTextFormat(Qt::PlainText);
    description->setWordWrap(true);
    description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    description->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto* facts = new QVBoxLayout;
    facts->addWidget(name);
    facts->addWidget(price);
    facts->addWidget(category);
    facts->addWidget(left);
    facts->addSpacing(8);
    facts->addWidget(description, 1);

    auto* top = new QHBoxLayout;
    top->addWidget(m_picture);
    top->addLayout(facts, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(buttons);

    connect(context->pictures(), &PictureCache::ready, this, [this](const QString& url) {
        if (url == m_position.imageUrl) {
            showPicture();
        }
    });
    showPicture();
    resize(640, 400);
}

void ProductDialog::showPicture() {
    if (m_position.imageUrl.isEmpty()) {
        m_picture->setText(tr("No picture"));
        return;
    }
    const auto pixmap = m_context->pictures()->picture(m_position.imageUrl);
    if (pixmap.isNull()) {
        m_picture->setText(tr("Loading the picture…"));
        return;
    }
    m_picture->setPixmap(
        pixmap.scaled(QSize(360, 360), Qt::KeepAspectRatio, Qt::SmoothTransformation));
}
