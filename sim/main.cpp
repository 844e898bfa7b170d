// Entry point of the native `wirelab` binary: the only place that touches stdout/stderr.
#include "sim/cli.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <sys/resource.h>

// Counts heap allocations of this binary only (never of the core library's tests), so that
// `wirelab bench` can report allocations per delivered packet. The replaced operator new is the
// plain malloc-backed one plus a relaxed counter increment.
namespace {
std::atomic<uint64_t> g_allocations{0};

void* counted_alloc(std::size_t n)
{
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1)) return p;
    std::abort(); // built without exceptions: out of memory ends the run
}
} // namespace

void* operator new(std::size_t n)
{
    return counted_alloc(n);
}
void* operator new[](std::size_t n)
{
    return counted_alloc(n);
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept
{
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept
{
    return operator new(n, t);
}
void operator delete(void* p) noexcept
{
    std::free(p);
}
void operator delete[](void* p) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept
{
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept
{
    std::free(p);
}

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    wirelab::sim::CliOutput io;
    // The only wall clock in Wirelab: benchmarks report real speed; the simulation never sees it.
    io.wall_seconds = [] {
        using namespace std::chrono;
        return duration<double>(steady_clock::now().time_since_epoch()).count();
    };
    io.peak_memory_bytes = []() -> uint64_t {
        rusage ru{};
        getrusage(RUSAGE_SELF, &ru);
        return uint64_t(ru.ru_maxrss) * 1024; // Linux reports KiB
    };
    io.allocations = [] { return g_allocations.load(std::memory_order_relaxed); };
    int rc = wirelab::sim::run_cli(args, io);
    std::fwrite(io.out.data(), 1, io.out.size(), stdout);
    std::fwrite(io.err.data(), 1, io.err.size(), stderr);
    return rc;
}
