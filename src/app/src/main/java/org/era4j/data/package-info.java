/** Fashion-MNIST and CIFAR-10 readers (IDX, gzip), the bundled subset, augmentation and seeded batching. */
package org.era4j.data;
