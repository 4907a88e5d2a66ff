package org.era4j.nn;

/**
 * Which axes of a normalisation carry their own learnable scale and shift (the paper's Tables 2
 * and 3): {@link #SCALAR} one scale and one shift for the whole layer, {@link #PER_CHANNEL} one
 * per channel (NCHW axis 1) or per feature (last axis of (N, F) and (N, T, F)).
 */
public enum LearnableAxes { SCALAR, PER_CHANNEL }
