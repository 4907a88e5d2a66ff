/** era bench: ERA kernels against same-run copy baselines; the GEMM and training-step benchmark mains. */
package org.era4j.bench;
