/** Generators of committed resources (the bundled fit table). */
package org.era4j.tools;
