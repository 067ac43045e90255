// Replaced by the benchmark suite (round trips, bundle size, signing speed, backend throughput).
console.log('no benchmarks yet')
