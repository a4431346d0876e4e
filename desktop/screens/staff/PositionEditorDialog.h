#pragma once

#include "models/Dto.h"

#include <QDialog>

class AppContext;
class Banner;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

// Staff: what customers see of a position beyond name and price: its description, its
// category (a new one can be made here) and its picture (chosen from a file, or removed).
// Save sends the text fields, then the picture; each answer updates the catalogue.
class PositionEditorDialog : public QDialog {
    Q_OBJECT

public:
    PositionEditorDialog(AppContext* context, const Position& position, QWidget* parent = nullptr);

    // For tests: the picture to upload, as if chosen in the file dialog.
    bool choosePicture(const QString& path);

private:
    void fillCategories(qint64 selected);
    void newCategory();
    void save();
    void sendPicture();
    void showPicture();
    void failed(const QString& message);

    AppContext* m_context;
    Position m_position;
    Banner* m_banner;
    QPlainTextEdit* m_description;
    QLabel* m_descriptionCount;
    QComboBox* m_category;
    QLabel* m_picture;
    QPushButton* m_chooseButton;
    QPushButton* m_removeButton;
    QPushButton* m_saveButton;
    QByteArray m_newPicture; // chosen, not sent yet
    QString m_newPictureType;
    bool m_removePicture = false;
};
