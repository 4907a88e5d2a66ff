package org.era4j.autograd;

/**
 * What a trainable tensor is, so optimisers can treat kinds differently (the paper applies L2
 * regularisation to every non-rational layer and never to the rational activation's parameters).
 */
public enum ParameterRole {
    /** Dense or convolution kernel, embedding or attention projection. */
    WEIGHT,
    /** Additive bias of a dense or convolution layer. */
    BIAS,
    /** Learnable scale or shift of a normalisation layer. */
    NORM,
    /** Coefficients of a rational (ERA) activation. */
    RATIONAL
}
