#pragma once

#include <QCache>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QString>

class ApiClient;
class QNetworkAccessManager;
class QNetworkDiskCache;

// Product pictures, kept on disk between runs. The server hands out versioned URLs
// (image_url, thumbnail_url) answered with "Cache-Control: immutable", so a picture once
// fetched is read from the disk cache (QNetworkDiskCache, 50 MB) without asking the server
// again; a changed picture is a new URL. Decoded pixmaps are kept in memory too, within a
// budget, for a grid that repaints often.
class PictureCache : public QObject {
    Q_OBJECT

public:
    // directory: where the disk cache lives (the app's cache location).
    PictureCache(ApiClient* api, const QString& directory, QObject* parent = nullptr);

    // The picture at a URL the server gave out; a null pixmap while it loads (ready()
    // follows) or when it cannot be had.
    QPixmap picture(const QString& url);
    qint64 diskCacheSize() const;

signals:
    void ready(const QString& url);

private:
    ApiClient* m_api;
    QNetworkAccessManager* m_network;
    QNetworkDiskCache* m_disk;
    QCache<QString, QPixmap> m_memory; // cost: kilobytes
    QSet<QString> m_loading;
    QSet<QString> m_failed; // not asked again this run
};
