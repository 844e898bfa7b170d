#include "web/model/page_loader.h"

namespace wirelab::web {

namespace http = wire::http;

// Seen in the server's logs and in the packet list, as a browser's would be.
constexpr std::string_view kUserAgent = "Wirelab-browser/1.0 (text mode)";

PageLoader::PageLoader(net::Network& net, net::IpNode& node) : m_net(net), m_fetch(net, node, *this)
{}

void PageLoader::load(const std::string& address)
{
    std::string a = address;
    while (!a.empty() && a.back() == ' ') a.pop_back();
    while (!a.empty() && a.front() == ' ') a.erase(0, 1);
    if (a.empty()) return;
    if (a.find("://") == std::string::npos) a = "http://" + a; // like a browser's address bar
    m_history.push_back(a);
    start(a);
}

void PageLoader::follow(int link)
{
    if (link < 0 || size_t(link) >= m_page.links.size()) return;
    auto base = app::parse_url(m_url);
    if (!base) return load(m_page.links[size_t(link)]);
    auto next = app::resolve_location(*base, m_page.links[size_t(link)]);
    if (!next) {
        m_error = next.error();
        return;
    }
    m_history.push_back(next->to_string());
    start(next->to_string());
}

void PageLoader::back()
{
    if (!can_go_back()) return;
    m_history.pop_back();
    start(m_history.back());
}

void PageLoader::reload()
{
    if (!m_history.empty()) start(m_history.back());
}

void PageLoader::start(const std::string& url)
{
    m_fetch.cancel();
    m_url = url;
    m_status = 0;
    m_reason.clear();
    m_error.clear();
    m_body.clear();
    m_bytes = 0;
    m_elapsed = SimTime();
    auto u = app::parse_url(url);
    if (!u) {
        m_error = u.error();
        ++m_loads;
        return;
    }
    m_url = u->to_string();
    app::HttpFetch::Options opt;
    opt.program = "browser";
    opt.max_time = SimTime::from_s(30); // a page that never comes is an error, not a spinner
    m_fetch.start(*u, opt);
}

bool PageLoader::on_fetch_request(http::Request& req)
{
    req.headers.add("User-Agent", std::string(kUserAgent));
    req.headers.add("Accept", "text/html, text/plain, */*");
    return true;
}

void PageLoader::on_fetch_head(const http::Response& resp)
{
    m_status = resp.status;
    m_reason = resp.reason;
}

void PageLoader::on_fetch_body(const http::Response& resp)
{
    m_url = m_fetch.url().to_string();
    m_body = resp.body;
    m_bytes = resp.body.size();
}

void PageLoader::on_fetch_done(const std::optional<app::FetchError>& error)
{
    m_elapsed = m_net.now() - m_fetch.started_at();
    if (error) m_error = error->message;
    ++m_loads;
}

const app::TextPage& PageLoader::page(size_t width)
{
    if (m_page_load != m_loads || m_page_width != width) {
        m_page = app::render_html(m_body, width);
        m_page_load = m_loads;
        m_page_width = width;
    }
    return m_page;
}

} // namespace wirelab::web
