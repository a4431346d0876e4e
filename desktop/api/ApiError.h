#pragma once

#include <QString>

// The contract's error body, or a transport failure (httpStatus 0, code "network").
struct ApiError {
    int httpStatus = 0;
    QString code;
    QString message;
    QString field;

    bool isNetwork() const { return httpStatus == 0; }
};
