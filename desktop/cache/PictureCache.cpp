#include "cache/PictureCache.h"

#include "api/ApiClient.h"
#include "api/TlsPolicy.h"

#include <QNetworkAccessManager>
#include <QNetworkDiskCache>
#include <QNetworkReply>
#include <QNetworkRequest>

PictureCache::PictureCache(ApiClient* api, const QString& directory, QObject* parent)
    : QObject(parent), m_api(api), m_network(new QNetworkAccessManager(this)),
      m_disk(new QNetworkDiskCache(this)), m_memory(64 * 1024) {
    m_disk->setCacheDirectory(directory);
    m_disk->setMaximumCacheSize(50 * 1024 * 1024);
    m_network->setCache(m_disk);
}

qint64 PictureCache::diskCacheSize() const {
    return m_disk->cacheSize();
}

QPixmap PictureCache::picture(const QString& url) {
    if (url.isEmpty() || m_failed.contains(url)) {
        return {};
    }
    if (const auto* cached = m_memory.object(url)) {
        return *cached;
    }
    if (m_loading.contains(url)) {
        return {};
    }
    m_loading.insert(url);
    QNetworkRequest request(m_api->resolve(url));
    // The versioned URL never changes what it shows: a copy on disk is the picture.
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::PreferCache);
    request.setTransferTimeout(15000);
    m_api->tls()->prepare(request);
    auto* reply = m_network->get(request);
    m_api->tls()->watch(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, url] {
        reply->deleteLater();
        m_loading.remove(url);
        QPixmap pixmap;
        if (reply->error() != QNetworkReply::NoError || !pixmap.loadFromData(reply->readAll())) {
            // A network failure may pass: only a picture that is not one is given up on.
            if (reply->error() == QNetworkReply::NoError ||
                reply->error() == QNetworkReply::ContentNotFoundError) {
                m_failed.insert(url);
            }
            return;
        }
        const int cost = std::max(1, int(qint64(pixmap.width()) * pixmap.height() * 4 / 1024));
        m_memory.insert(url, new QPixmap(pixmap), cost);
        emit ready(url);
    });
    return {};
}
