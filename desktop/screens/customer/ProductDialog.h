#pragma once

#include "models/Dto.h"

#include <QDialog>

class AppContext;
class QLabel;

// A product's page: its picture, price, category, what is left and its description.
class ProductDialog : public QDialog {
    Q_OBJECT

public:
    ProductDialog(AppContext* context, const Position& position, QWidget* parent = nullptr);

private:
    void showPicture();

    AppContext* m_context;
    Position m_position;
    QLabel* m_picture;
};
