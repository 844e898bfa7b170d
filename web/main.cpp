// Entry point of the Wirelab GUI, the same on both platforms: start the Backend, then hand the
// frame loop to it. In the browser main() returns into the page's event loop, so what the loop
// uses lives in function-level statics.
#include "web/platform/backend.h"
#include "web/views/app.h"
#include "web/views/test_hook.h"

#include <cstdio>

int main()
{
    using namespace wirelab::web;
    static Backend backend;
    if (!backend.init("Wirelab")) {
        // site/index.html shows lines starting with "wirelab:" when the app cannot start.
        std::fprintf(stderr, "wirelab: cannot start: %s\n", backend.error().c_str());
        return 1;
    }
    static App app(backend);
    app.init();
    attach_test_hook(&app);
    backend.run([](void* user) { static_cast<App*>(user)->frame(); }, &app);
    return 0;
}
