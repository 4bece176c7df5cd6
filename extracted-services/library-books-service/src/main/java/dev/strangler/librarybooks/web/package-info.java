/** What every answer of the service carries besides its body, as the monolith's answers do. */
package dev.strangler.librarybooks.web;
