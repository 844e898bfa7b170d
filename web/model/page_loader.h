// One host's web browsing for the page view (web/views/page_view.cpp): the address, the history
// for Back, and the last load's outcome — status code, bytes, simulated time, the body rendered
// as text (web/model/html_text.h) or curl's words for what went wrong. Loads run through the
// simulation with app::HttpFetch, the code curl uses, so their packets are real packets.
// Owned by the Session (one per host), destroyed with its network.
#pragma once

#include "core/services/http/http_fetch.h"
#include "web/model/html_text.h"

#include <optional>
#include <string>
#include <vector>

namespace wirelab::web {

class PageLoader : private app::HttpFetch::Client {
public:
    PageLoader(net::Network& net, net::IpNode& node);

    // Loads an address as typed ("www.lab", "http://10.0.0.1:8080/x"); it joins the history.
    void load(const std::string& address);
    // Follows link n (an index into page().links), resolved against the current URL.
    void follow(int link);
    void back();
    void reload();
    bool can_go_back() const { return m_history.size() > 1; }

    bool is_loading() const { return m_fetch.is_running(); }
    const std::string& url() const { return m_url; } // after redirects
    int status() const { return m_status; }          // 0 until a response arrived
    const std::string& reason() const { return m_reason; }
    size_t bytes() const { return m_bytes; }
    SimTime elapsed() const { return m_elapsed; }
    const std::string& error() const { return m_error; } // "Could not resolve host: www.lab"
    uint64_t loads() const { return m_loads; }           // loads finished, for the views
    // The last body rendered at `width` columns (cached until the body or width changes).
    const app::TextPage& page(size_t width);

private:
    void start(const std::string& url);
    bool on_fetch_request(wire::http::Request& req) override;
    void on_fetch_head(const wire::http::Response& resp) override;
    void on_fetch_body(const wire::http::Response& resp) override;
    void on_fetch_done(const std::optional<app::FetchError>& error) override;

    net::Network& m_net;
    app::HttpFetch m_fetch;
    std::vector<std::string> m_history; // URLs loaded, last = current
    std::string m_url, m_reason, m_error, m_body;
    int m_status = 0;
    size_t m_bytes = 0;
    SimTime m_elapsed;
    uint64_t m_loads = 0;
    app::TextPage m_page;
    size_t m_page_width = 0;
    uint64_t m_page_load = UINT64_MAX;
};

} // namespace wirelab::web
