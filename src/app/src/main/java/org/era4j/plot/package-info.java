/** Charts (XChart, PNG): learned activations over the input density, training curves, throughput. */
package org.era4j.plot;
