/**
 * Optimisers (SGD with momentum or Nesterov, Adam/AdamW), L2 regularisation of non-rational
 * parameters, gradient clipping and learning-rate schedules; optimiser state can be saved and
 * restored for checkpoints.
 */
package org.era4j.optim;
