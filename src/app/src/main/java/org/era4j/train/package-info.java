/** The trainer loop, checkpoints, metrics files and experiment grids of the era command. */
package org.era4j.train;
