/**
 * Layers ({@link org.era4j.nn.Module} and its subclasses), the paper's networks
 * ({@link org.era4j.nn.Models}: FCN and CNN; {@link org.era4j.nn.DeepModels}: ResNet-18, Transformer,
 * MLP-Mixer) with any activation in every slot ({@link org.era4j.nn.ActivationFactory}), and one
 * training step of a classifier ({@link org.era4j.nn.ClassifierStep}).
 */
package org.era4j.nn;
